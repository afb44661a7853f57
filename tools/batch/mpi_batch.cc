// The batch under mpirun: rank 0 queues the cases and writes, every rank
// traces. See batch.h.
#include <algorithm>
#include <atomic>
#include <boost/mpi/collectives.hpp>
#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/mpi/nonblocking.hpp>
#include <boost/optional.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "engine/core/huge_pages.h"
#include "engine/core/sha256.h"
#include "tools/batch/batch_internal.h"

namespace moneytrail::batch::internal {
namespace {

namespace mpi = boost::mpi;

constexpr int kResultTag = 1;  // worker -> 0: {index or kReady, bytes}, then the bytes
constexpr int kChunkTag = 2;
constexpr int kAssignTag = 3;  // 0 -> worker: a case index, or -1 to stop
constexpr uint64_t kReady = UINT64_MAX;
constexpr size_t kAhead = 8;  // most assignments a worker holds (see RunCoordinator)
// MPI counts are ints: a poison trace of a whole store can pass 2 GiB.
constexpr size_t kChunkBytes = size_t{1} << 28;
// Results a worker keeps while they are on their way: a typical one is 12 KiB,
// but a batch of poison traces can hold several of gigabytes each.
constexpr size_t kInFlightBytes = size_t{1} << 28;

void PutU64(std::string* s, uint64_t v) { s->append(reinterpret_cast<const char*>(&v), 8); }
uint64_t GetU64(const std::string& s, size_t* at) {
  uint64_t v = 0;
  if (*at + 8 <= s.size()) std::memcpy(&v, s.data() + *at, 8);
  *at += 8;
  return v;
}
void PutString(std::string* s, const std::string& v) {
  PutU64(s, v.size());
  s->append(v);
}
std::string GetString(const std::string& s, size_t* at) {
  const uint64_t n = GetU64(s, at);
  if (*at > s.size() || n > s.size() - *at) return {};
  std::string v = s.substr(*at, n);
  *at += n;
  return v;
}

// Every rank runs the same binary on the same machine type, so the result
// goes over as its own bytes.
std::string Pack(const CaseResult& r) {
  std::string s;
  PutU64(&s, static_cast<uint64_t>(r.exit_code));
  PutString(&s, r.entry);
  PutString(&s, r.file);
  PutString(&s, r.json);
  return s;
}

CaseResult Unpack(uint64_t index, const std::string& s) {
  CaseResult r;
  size_t at = 0;
  r.index = index;
  r.exit_code = static_cast<int>(GetU64(s, &at));
  r.entry = GetString(s, &at);
  r.file = GetString(s, &at);
  r.json = GetString(s, &at);
  return r;
}

// A result on its way to rank 0. The worker goes on tracing while MPI moves
// it (up to kInFlightBytes of them): a blocking send of a large message waits
// for rank 0 to match it, and rank 0's poller shares a core with a tracer.
struct OutgoingResult {
  unsigned long long head[2] = {0, 0};  // {index or kReady, bytes}
  std::string bytes;
  std::vector<mpi::request> requests;
};

void StartSend(const mpi::communicator& world, OutgoingResult* r) {
  r->head[1] = r->bytes.size();
  r->requests.push_back(world.isend(0, kResultTag, r->head, 2));
  for (size_t at = 0; at < r->bytes.size(); at += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, r->bytes.size() - at);
    r->requests.push_back(world.isend(0, kChunkTag, r->bytes.data() + at, static_cast<int>(n)));
  }
}

// Drops the sends that have completed, oldest first, waiting for the oldest
// while those left hold more than `most_bytes`; with 0, waits for all.
// (A deque never moves its elements, so the buffers MPI reads stay put.)
void Retire(std::deque<OutgoingResult>* sending, size_t most_bytes) {
  size_t held = 0;
  for (const OutgoingResult& r : *sending) held += r.bytes.size();
  while (!sending->empty()) {
    OutgoingResult& r = sending->front();
    if (most_bytes == 0 || held > most_bytes) {
      mpi::wait_all(r.requests.begin(), r.requests.end());
    } else if (!mpi::test_all(r.requests.begin(), r.requests.end())) {
      return;
    }
    held -= r.bytes.size();
    sending->pop_front();
  }
}

std::optional<CaseResult> ReceiveResult(const mpi::communicator& world, int source) {
  unsigned long long head[2] = {0, 0};
  world.recv(source, kResultTag, head, 2);
  std::string bytes(head[1], '\0');
  for (size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    const size_t n = std::min(kChunkBytes, bytes.size() - at);
    world.recv(source, kChunkTag, bytes.data() + at, static_cast<int>(n));
  }
  if (head[0] == kReady) return std::nullopt;
  return Unpack(head[0], bytes);
}

// A worker traces what rank 0 assigns, in order, and sends each result
// without waiting for it to arrive, so that it goes on tracing while rank 0
// takes the result in. Rank 0 keeps it supplied (see RunCoordinator) and sends
// -1 once, when it has no more cases to give (the queue is empty, or writing
// failed) and every result it assigned to this worker is back; that is the
// last message a worker gets.
BatchReport RunWorker(const mpi::communicator& world, const Job& job) {
  ledger::CaseLedger ledger(job.store, BatchLedgerOptions());
  std::deque<OutgoingResult> sending;
  auto send = [&](uint64_t index, std::string bytes) {
    OutgoingResult& r = sending.emplace_back();
    r.head[0] = index;
    r.bytes = std::move(bytes);
    StartSend(world, &r);
    Retire(&sending, kInFlightBytes);
  };
  send(kReady, "");
  for (;;) {
    long long index = -1;
    world.recv(0, kAssignTag, index);
    if (index < 0) break;
    if (static_cast<size_t>(index) >= job.cases.size()) {
      std::fprintf(stderr, "moneytrail: rank %d was given case %lld of %zu\n", world.rank(), index,
                   job.cases.size());
      world.abort(70);  // EX_SOFTWARE: the ranks disagree; nothing sane to do
    }
    send(static_cast<uint64_t>(index), Pack(TraceCase(ledger, job, static_cast<size_t>(index))));
  }
  Retire(&sending, 0);
  BatchReport report;
  report.coordinator = false;
  report.ranks = world.size();
  report.cases = job.cases.size();
  return report;
}

// Rank 0: hands out cases to whichever rank returns one, traces on a thread
// of its own, and records every result as it arrives. The main thread only
// talks MPI (MPI_THREAD_FUNNELED) and polls once a millisecond: a blocking
// receive would spin, and every wake-up takes the core from a tracer.
//
// A worker should not wait for its next case. Many cases take a fraction of
// a millisecond, so a worker holds up to kAhead of them (with three it ran
// dry and idled a tenth of a batch), and its next ones go out before rank 0
// writes the result it just received (a file's creation can take a
// millisecond). Near the end a worker is topped up only to its share of what
// is left, so that the ranks run out of cases at about the same time; with
// fewer cases left than twice the ranks, a worker gets one at a time. The
// hand-outs are sent without blocking: a worker waiting for a large result
// to be taken in (kInFlightBytes) is not receiving, and under an MPI without
// eager sends a blocking send to it would wait for ever.
Result<BatchReport> RunCoordinator(const mpi::communicator& world, const Job& job) {
  auto opened = OpenOutput(job);
  std::mutex queue_mu;  // guards queue; never held while writing
  std::deque<size_t> queue;
  std::mutex mu;  // guards out, progress, failure
  Status failure = opened.ok() ? Status::Ok() : opened.status();
  std::atomic<bool> failed{!failure.ok()};  // stops handing out cases
  std::unique_ptr<BatchOutput> out;
  BatchReport report;
  report.ranks = world.size();
  report.cases = job.cases.size();
  if (opened.ok()) {
    out = std::move(opened).value();
    queue.assign(out->pending().begin(), out->pending().end());
    report.resumed = out->resumed();
  }
  Progress progress(report.resumed, report.cases);
  // Workers take from the front of the queue and rank 0's tracer from the
  // back: cases are listed by id, which mostly follows time, so the two read
  // different parts of the store and each one's block cache serves it alone
  // (on the 10 M demo store, two ranks read 48,800 blocks from the files
  // instead of 52,300; one process reads 44,700).
  const size_t ranks = static_cast<size_t>(world.size());
  // Cases for a worker that holds `held`: up to kAhead, but no more than its
  // share of the queue (and one if it holds none, while any is left).
  auto top_up = [&](size_t held) {
    std::lock_guard<std::mutex> lock(queue_mu);
    std::vector<size_t> taken;
    if (failed) return taken;
    const size_t most = std::min(kAhead, std::max<size_t>(1, queue.size() / ranks));
    while (held + taken.size() < most && !queue.empty()) {
      taken.push_back(queue.front());
      queue.pop_front();
    }
    return taken;
  };
  auto take_last = [&]() -> std::optional<size_t> {
    std::lock_guard<std::mutex> lock(queue_mu);
    if (failed || queue.empty()) return std::nullopt;
    const size_t i = queue.back();
    queue.pop_back();
    return i;
  };
  auto record = [&](const CaseResult& r) {
    std::lock_guard<std::mutex> lock(mu);
    if (!failure.ok()) return;
    failure = out->Record(r);
    if (!failure.ok()) failed = true;
    progress.Done();
  };
  // The tracer allocates as the other ranks' main threads do: from the
  // heap the trace command put on huge pages, not an arena of its own. The
  // main thread only polls and writes, so the two seldom want it at once.
  ShareMainHeapWithNewThreads();
  std::thread local([&] {  // rank 0's tracer
    ledger::CaseLedger ledger(job.store, BatchLedgerOptions());
    for (std::optional<size_t> i = take_last(); i; i = take_last())
      record(TraceCase(ledger, job, *i));
  });
  std::vector<size_t> outstanding(ranks);  // per worker: cases assigned, result not back
  int working = world.size() - 1;
  // Hand-outs on their way, oldest first (a deque never moves its elements, so
  // the values MPI reads stay put).
  struct Assignment {
    long long index;
    mpi::request request;
  };
  std::deque<Assignment> assigning;
  auto assign = [&](int to, long long index) {
    Assignment& a = assigning.emplace_back();
    a.index = index;
    a.request = world.isend(to, kAssignTag, a.index);
    while (!assigning.empty() && assigning.front().request.test()) assigning.pop_front();
  };
  while (working > 0) {
    boost::optional<mpi::status> st = world.iprobe(mpi::any_source, kResultTag);
    if (!st) {
      std::this_thread::sleep_for(std::chrono::microseconds(1000));
      continue;
    }
    const int source = st->source();
    size_t& held = outstanding[static_cast<size_t>(source)];
    std::optional<CaseResult> r = ReceiveResult(world, source);
    if (r) --held;
    for (size_t i : top_up(held)) {
      assign(source, static_cast<long long>(i));
      ++held;
    }
    if (held == 0) {
      assign(source, -1);
      --working;
    }
    if (r) record(*r);
  }
  for (Assignment& a : assigning) a.request.wait();
  local.join();
  RETURN_IF_ERROR(failure);
  ASSIGN_OR_RETURN(report.exit_code, out->Finish(job.summary_head));
  report.seconds = progress.seconds();
  return report;
}

}  // namespace

Result<BatchReport> RunMpi(const Job& job) {
  mpi::environment env(mpi::threading::funneled);
  if (mpi::environment::thread_level() < mpi::threading::funneled) {
    return Status::Internal("MPI does not allow a second thread in rank 0 (MPI_THREAD_FUNNELED)");
  }
  mpi::communicator world;
  // Every rank must read the same store: the same cases in the same order
  // and the same ingest sequence (a --follow secondary opened while a load
  // committed would not). Rank 0's view is the reference.
  Sha256 h;
  h.Update(job.parameters);
  for (const std::string& id : job.case_ids) {
    h.Update(std::string_view("\n", 1));
    h.Update(id);
  }
  const std::string mine = h.HexDigest();
  char reference[65] = {0};
  std::memcpy(reference, mine.data(), std::min<size_t>(64, mine.size()));
  mpi::broadcast(world, reference, 64, 0);
  if (std::string(reference, 64) != mine) {
    std::fprintf(stderr,
                 "moneytrail: rank %d reads another store than rank 0 (other cases, or a load "
                 "committed in between): give every rank the same snapshot\n",
                 world.rank());
    world.abort(65);  // EX_DATAERR
  }
  if (world.rank() != 0) return RunWorker(world, job);
  return RunCoordinator(world, job);
}

}  // namespace moneytrail::batch::internal
