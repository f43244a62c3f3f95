// Safety argument for the two-epoch scheme of snapshot_pointer.h.
//
// All epoch and counter operations, and the holder pointer's loads and stores, are
// seq_cst, so they fall into one total order S. A reader runs
//   (a) e = epoch; (b) ++readers[e % 2]; (c) check epoch == e, else undo and retry;
//   (d) load the holder pointer and copy its value; (e) --readers[e % 2].
// A writer runs
//   (1) store the new holder pointer; (2) ++epoch; (3) wait until readers[old % 2] has
//   read 0 in every stripe; (4) destroy the old holder.
// Suppose a reader's (d) returned the holder H that some writer W replaces. W's (1)
// follows (d) in S, so W's (2) follows the reader's (c), which saw epoch e. Either W
// advances e itself, and then W's (3) reads the reader's increment from (b) and waits for
// (e). Or an earlier writer advanced e after (c); writers are serialized, and that
// earlier writer waited for (e) before W could start. In both cases H is destroyed after
// the reader's copy is made. The retry in (c) matters when several updates pass between
// (a) and (b): without it the reader could count itself under a parity that no writer
// waits on any more.
//
// The decrement in (e) could be a release operation, but seq_cst keeps the argument to
// one order and costs the same on x86-64 (a locked instruction either way).

#include "runtime/snapshot_pointer.h"

#include <thread>

namespace mqauthz {
namespace {

// Returns a small number that differs between threads, to spread reader counters.
std::size_t ReaderStripeIndex() {
  static std::atomic<std::size_t> next_index{0};
  thread_local const std::size_t index = next_index.fetch_add(1, std::memory_order_relaxed);
  return index;
}

}  // namespace

ReaderEpochs::Ticket ReaderEpochs::Enter() const {
  const std::size_t stripe = ReaderStripeIndex() % kStripes;
  while (true) {
    const std::uint64_t epoch = epoch_.load(std::memory_order_seq_cst);
    const std::size_t parity = static_cast<std::size_t>(epoch % 2);
    std::atomic<std::uint64_t>& readers = stripes_[stripe].readers[parity];
    readers.fetch_add(1, std::memory_order_seq_cst);
    if (epoch_.load(std::memory_order_seq_cst) == epoch) return Ticket{stripe, parity};

    // An update advanced the epoch in between; count again under the new parity.
    readers.fetch_sub(1, std::memory_order_seq_cst);
  }
}

void ReaderEpochs::Exit(Ticket ticket) const {
  stripes_[ticket.stripe].readers[ticket.parity].fetch_sub(1, std::memory_order_seq_cst);
}

void ReaderEpochs::WaitForReaders() {
  const std::uint64_t old_epoch = epoch_.fetch_add(1, std::memory_order_seq_cst);
  const std::size_t old_parity = static_cast<std::size_t>(old_epoch % 2);
  for (Stripe& stripe : stripes_) {
    // A reader that increments this counter after the advance reads the new epoch in its
    // check and leaves without loading anything, so one zero reading per stripe is enough.
    while (stripe.readers[old_parity].load(std::memory_order_seq_cst) != 0) {
      std::this_thread::yield();
    }
  }
}

}  // namespace mqauthz
