#include "compiler/yaml_scalar.h"

#include <string_view>

#include "gtest/gtest.h"

namespace mqauthz {
namespace {

struct ScalarCase {
  std::string_view text;
  PlainScalarKind kind;
};

class ResolvePlainScalarTest : public ::testing::TestWithParam<ScalarCase> {};

TEST_P(ResolvePlainScalarTest, ResolvesLikeKubernetes) {
  EXPECT_EQ(ResolvePlainScalar(GetParam().text), GetParam().kind) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(Nulls, ResolvePlainScalarTest,
                         ::testing::Values(ScalarCase{"", PlainScalarKind::kNull},
                                           ScalarCase{"~", PlainScalarKind::kNull},
                                           ScalarCase{"null", PlainScalarKind::kNull},
                                           ScalarCase{"Null", PlainScalarKind::kNull},
                                           ScalarCase{"NULL", PlainScalarKind::kNull},
                                           ScalarCase{"nULL", PlainScalarKind::kString}));

INSTANTIATE_TEST_SUITE_P(
    Booleans, ResolvePlainScalarTest,
    ::testing::Values(
        ScalarCase{"yes", PlainScalarKind::kBool}, ScalarCase{"Yes", PlainScalarKind::kBool},
        ScalarCase{"YES", PlainScalarKind::kBool}, ScalarCase{"y", PlainScalarKind::kBool},
        ScalarCase{"Y", PlainScalarKind::kBool}, ScalarCase{"no", PlainScalarKind::kBool},
        ScalarCase{"n", PlainScalarKind::kBool}, ScalarCase{"N", PlainScalarKind::kBool},
        ScalarCase{"on", PlainScalarKind::kBool}, ScalarCase{"On", PlainScalarKind::kBool},
        ScalarCase{"OFF", PlainScalarKind::kBool}, ScalarCase{"true", PlainScalarKind::kBool},
        ScalarCase{"True", PlainScalarKind::kBool}, ScalarCase{"FALSE", PlainScalarKind::kBool},
        ScalarCase{"yEs", PlainScalarKind::kString}, ScalarCase{"tRue", PlainScalarKind::kString},
        ScalarCase{"yeah", PlainScalarKind::kString}));

INSTANTIATE_TEST_SUITE_P(
    Integers, ResolvePlainScalarTest,
    ::testing::Values(
        ScalarCase{"17", PlainScalarKind::kInt}, ScalarCase{"-17", PlainScalarKind::kInt},
        ScalarCase{"+17", PlainScalarKind::kInt}, ScalarCase{"0", PlainScalarKind::kInt},
        ScalarCase{"017", PlainScalarKind::kInt}, ScalarCase{"0x1F", PlainScalarKind::kInt},
        ScalarCase{"0o17", PlainScalarKind::kInt}, ScalarCase{"0b101", PlainScalarKind::kInt},
        ScalarCase{"1_000", PlainScalarKind::kInt},
        ScalarCase{"18446744073709551615", PlainScalarKind::kInt},
        ScalarCase{"-9223372036854775808", PlainScalarKind::kInt},
        ScalarCase{"0x", PlainScalarKind::kString}, ScalarCase{"0x1G", PlainScalarKind::kString},
        ScalarCase{"-0x8000000000000001", PlainScalarKind::kString},
        ScalarCase{"0b102", PlainScalarKind::kString}));

INSTANTIATE_TEST_SUITE_P(
    Floats, ResolvePlainScalarTest,
    ::testing::Values(
        ScalarCase{"1.5", PlainScalarKind::kFloat}, ScalarCase{"-1.5", PlainScalarKind::kFloat},
        ScalarCase{"1.", PlainScalarKind::kFloat}, ScalarCase{".5", PlainScalarKind::kFloat},
        ScalarCase{"-.5", PlainScalarKind::kFloat}, ScalarCase{"1e3", PlainScalarKind::kFloat},
        ScalarCase{"1.5E-3", PlainScalarKind::kFloat}, ScalarCase{"08", PlainScalarKind::kFloat},
        ScalarCase{"18446744073709551616", PlainScalarKind::kFloat},
        ScalarCase{".inf", PlainScalarKind::kFloat}, ScalarCase{"-.Inf", PlainScalarKind::kFloat},
        ScalarCase{".NaN", PlainScalarKind::kFloat}, ScalarCase{".", PlainScalarKind::kString},
        ScalarCase{"1e", PlainScalarKind::kString}, ScalarCase{".5_0", PlainScalarKind::kString}));

INSTANTIATE_TEST_SUITE_P(Strings, ResolvePlainScalarTest,
                         ::testing::Values(ScalarCase{"seattle", PlainScalarKind::kString},
                                           ScalarCase{"building22", PlainScalarKind::kString},
                                           ScalarCase{"2001-12-14", PlainScalarKind::kString},
                                           ScalarCase{"1.2.3", PlainScalarKind::kString},
                                           ScalarCase{"-", PlainScalarKind::kString},
                                           ScalarCase{"_17", PlainScalarKind::kString},
                                           ScalarCase{"sensors/#", PlainScalarKind::kString},
                                           ScalarCase{"<<", PlainScalarKind::kMergeKey}));

}  // namespace
}  // namespace mqauthz
