// The batch under mpirun: rank 0 queues the cases and writes, every rank
// traces. See batch.h.
#include <algorithm>
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

#include "engine/core/sha256.h"
#include "tools/batch/batch_internal.h"

namespace moneytrail::batch::internal {
namespace {

namespace mpi = boost::mpi;

constexpr int kResultTag = 1;  // worker -> 0: {index or kReady, bytes}, then the bytes
constexpr int kChunkTag = 2;
constexpr int kAssignTag = 3;  // 0 -> worker: a case index, or -1 to stop
constexpr uint64_t kReady = UINT64_MAX;
constexpr int kAhead = 3;  // assignments a worker holds (see RunWorker)
// MPI counts are ints: a poison trace of a whole store can pass 2 GiB.
constexpr size_t kChunkBytes = size_t{1} << 28;

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
// it: a blocking send of a large message waits for rank 0 to match it, and
// rank 0's poller shares a core with a tracer.
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

// Drops the sends that have completed, oldest first; with `wait`, waits for all.
// (A deque never moves its elements, so the buffers MPI reads stay put.)
void Retire(std::deque<OutgoingResult>* sending, bool wait) {
  while (!sending->empty()) {
    OutgoingResult& r = sending->front();
    if (wait) {
      mpi::wait_all(r.requests.begin(), r.requests.end());
    } else if (!mpi::test_all(r.requests.begin(), r.requests.end())) {
      return;
    }
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

// A worker holds up to kAhead assignments, so it never waits for the next
// case: rank 0 sends kAhead when the worker says it is ready, then one for
// every result. Results are sent without waiting (at most kAhead in flight),
// so rank 0's polling interval never stalls a worker. Once a -1 arrives, the
// rest are -1 too (the queue only shrinks); the worker still takes every
// message meant for it before leaving.
BatchReport RunWorker(const mpi::communicator& world, const Job& job) {
  ledger::CaseLedger ledger(job.store);
  std::deque<OutgoingResult> sending;
  auto send = [&](uint64_t index, std::string bytes) {
    OutgoingResult& r = sending.emplace_back();
    r.head[0] = index;
    r.bytes = std::move(bytes);
    StartSend(world, &r);
    Retire(&sending, false);
  };
  send(kReady, "");
  int expected = kAhead;  // messages rank 0 has sent or will send us
  std::deque<size_t> mine;
  bool stop = false;
  auto receive = [&] {
    long long index = -1;
    world.recv(0, kAssignTag, index);
    --expected;
    if (index < 0) {
      stop = true;
    } else if (static_cast<size_t>(index) >= job.cases.size()) {
      std::fprintf(stderr, "moneytrail: rank %d was given case %lld of %zu\n", world.rank(), index,
                   job.cases.size());
      world.abort(70);  // EX_SOFTWARE: the ranks disagree; nothing sane to do
    } else {
      mine.push_back(static_cast<size_t>(index));
    }
  };
  receive();
  while (!mine.empty()) {
    const size_t index = mine.front();
    mine.pop_front();
    send(index, Pack(TraceCase(ledger, job, index)));
    ++expected;
    while (mine.empty() && !stop && expected > 0) receive();
  }
  while (expected > 0) receive();
  Retire(&sending, true);
  BatchReport report;
  report.coordinator = false;
  report.ranks = world.size();
  report.cases = job.cases.size();
  return report;
}

// Rank 0: hands out cases one at a time to whichever rank returns one, traces on a
// thread of its own, and records every result as it arrives. The main thread
// only talks MPI (MPI_THREAD_FUNNELED) and polls once a millisecond: a
// blocking receive would spin, and every wake-up takes the core from a
// tracer. Workers hold kAhead cases, so a millisecond's wait costs them nothing.
Result<BatchReport> RunCoordinator(const mpi::communicator& world, const Job& job) {
  auto opened = OpenOutput(job);
  std::mutex mu;  // guards queue, out, progress, failure
  std::deque<size_t> queue;
  Status failure = opened.ok() ? Status::Ok() : opened.status();
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
  auto take = [&]() -> long long {
    std::lock_guard<std::mutex> lock(mu);
    if (!failure.ok() || queue.empty()) return -1;
    const size_t i = queue.front();
    queue.pop_front();
    return static_cast<long long>(i);
  };
  auto record = [&](const CaseResult& r) {
    std::lock_guard<std::mutex> lock(mu);
    if (!failure.ok()) return;
    failure = out->Record(r);
    progress.Done();
  };
  std::thread local([&] {
    ledger::CaseLedger ledger(job.store);
    for (long long i = take(); i >= 0; i = take())
      record(TraceCase(ledger, job, static_cast<size_t>(i)));
  });
  struct Worker {
    int outstanding = 0;   // cases assigned, result not yet back
    bool stopped = false;  // sent a -1
  };
  std::vector<Worker> workers(static_cast<size_t>(world.size()));
  int working = world.size() - 1;
  while (working > 0) {
    boost::optional<mpi::status> st = world.iprobe(mpi::any_source, kResultTag);
    if (!st) {
      std::this_thread::sleep_for(std::chrono::microseconds(1000));
      continue;
    }
    const int source = st->source();
    Worker& w = workers[static_cast<size_t>(source)];
    std::optional<CaseResult> r = ReceiveResult(world, source);
    if (r) {
      record(*r);
      --w.outstanding;
    }
    for (int k = r ? 1 : kAhead; k > 0; --k) {
      const long long next = take();
      world.send(source, kAssignTag, next);
      if (next < 0) {
        w.stopped = true;
      } else {
        ++w.outstanding;
      }
    }
    if (w.stopped && w.outstanding == 0) --working;
  }
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
