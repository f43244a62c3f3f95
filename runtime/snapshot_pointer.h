// An atomically replaceable std::shared_ptr<const T> whose readers take no lock.
//
// Design. Readers announce themselves in one of two counters chosen by the parity of a
// global epoch, copy the shared_ptr out of the current holder, and leave. A writer
// publishes a new holder, advances the epoch so that later readers count themselves in
// the other counter, waits until the counter of the old parity drains, and only then
// destroys the old holder. This is a two-epoch grace period in the style of userspace
// RCU. Writers are serialized by a mutex and may wait for readers; readers never wait for
// a writer.
//
// A reader repeats its announcement only when an epoch advance lands between its load of
// the epoch and its increment of the counter, which needs an update to have completed
// its publish step, so readers are lock-free. Counters are striped per thread over
// separate cache lines so that concurrent readers do not contend on one line.
//
// Neither std::mutex nor std::atomic<std::shared_ptr> is used on the read path:
// libstdc++ 12 implements the latter with an internal spin lock, which a preempted writer
// would hold while readers spin.

#ifndef MQAUTHZ_RUNTIME_SNAPSHOT_POINTER_H_
#define MQAUTHZ_RUNTIME_SNAPSHOT_POINTER_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

namespace mqauthz {

// The epoch counters behind SnapshotPointer. Thread-safe.
class ReaderEpochs {
 public:
  // Identifies the counter a reader announced itself in, for Exit.
  struct Ticket {
    std::size_t stripe;
    std::size_t parity;
  };

  ReaderEpochs() = default;
  ReaderEpochs(const ReaderEpochs&) = delete;
  ReaderEpochs& operator=(const ReaderEpochs&) = delete;

  // Announces a reader. Everything the reader loads after Enter and before Exit stays
  // alive until Exit, provided the writer removed it from view before calling
  // WaitForReaders. Lock-free.
  Ticket Enter() const;

  // Ends the read section that Enter began. Wait-free.
  void Exit(Ticket ticket) const;

  // Advances the epoch and returns once every reader that entered before the advance has
  // exited. Callers must serialize calls (SnapshotPointer holds its writer mutex).
  void WaitForReaders();

 private:
  static constexpr std::size_t kStripes = 8;

  struct alignas(64) Stripe {
    std::array<std::atomic<std::uint64_t>, 2> readers{};  // indexed by epoch parity
  };
  static_assert(sizeof(Stripe) == 64, "one stripe per cache line");

  alignas(64) std::atomic<std::uint64_t> epoch_{0};
  mutable std::array<Stripe, kStripes> stripes_;
};

template <typename T>
class SnapshotPointer {
 public:
  // Starts with `initial`, which may be null.
  explicit SnapshotPointer(std::shared_ptr<const T> initial)
      : owner_(std::make_unique<Holder>(std::move(initial))) {
    current_.store(owner_.get(), std::memory_order_seq_cst);
  }

  // No reader or writer may run concurrently with destruction.
  ~SnapshotPointer() = default;

  SnapshotPointer(const SnapshotPointer&) = delete;
  SnapshotPointer& operator=(const SnapshotPointer&) = delete;

  // Returns the value most recently stored. Lock-free: it never waits for a writer. The
  // cost is two counter updates and a shared_ptr copy (one atomic increment).
  std::shared_ptr<const T> Load() const {
    const ReaderEpochs::Ticket ticket = epochs_.Enter();
    // seq_cst, like the epoch operations, so that the argument in snapshot_pointer.cc
    // can use one total order.
    std::shared_ptr<const T> value = current_.load(std::memory_order_seq_cst)->value;
    epochs_.Exit(ticket);
    return value;
  }

  // Replaces the value and returns the previous one. Readers that loaded before the
  // replacement keep their copies. Blocks other writers, and waits for the readers that
  // were inside Load when the value was replaced; each of them is only copying a
  // shared_ptr.
  std::shared_ptr<const T> Exchange(std::shared_ptr<const T> next) {
    std::lock_guard<std::mutex> lock(writer_mutex_);
    auto next_owner = std::make_unique<Holder>(std::move(next));
    current_.store(next_owner.get(), std::memory_order_seq_cst);
    std::swap(owner_, next_owner);  // next_owner now owns the old value

    epochs_.WaitForReaders();
    return std::move(next_owner->value);
  }

 private:
  struct Holder {
    explicit Holder(std::shared_ptr<const T> held_value) : value(std::move(held_value)) {}
    std::shared_ptr<const T> value;
  };

  std::mutex writer_mutex_;        // serializes Exchange; never taken by readers
  std::unique_ptr<Holder> owner_;  // the holder current_ points to; writer side only
  std::atomic<const Holder*> current_{nullptr};
  mutable ReaderEpochs epochs_;
};

}  // namespace mqauthz

#endif  // MQAUTHZ_RUNTIME_SNAPSHOT_POINTER_H_
