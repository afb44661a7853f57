#include "engine/trace/trace_json.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/trace/json_util.h"

namespace moneytrail::trace {

using internal::Json;
using internal::JsonOut;
using internal::ObjectWriter;

namespace {

// Appends `j` dumped exactly as inside a whole-document dump(2), at `depth`
// levels of two-space indentation.
void AppendIndented(JsonOut* out, const Json& j, int depth) {
  std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  out->reserve(out->size() + text.size() + text.size() / 8);
  for (char c : text) {
    out->push_back(c);
    if (c == '\n') out->append(pad);
  }
}

// Output buffered and handed on in pieces of about kPiece bytes, or in the
// blocks that several threads rendered.
class Pieces {
 public:
  static constexpr size_t kPiece = 1 << 20;
  explicit Pieces(const std::function<void(std::string_view)>& write) : write_(write) {
    buf_.reserve(kPiece + kPiece / 4);
  }
  JsonOut* buf() { return &buf_; }
  void MaybeFlush() {
    if (buf_.size() >= kPiece) Flush();
  }
  void Flush() {
    if (!buf_.empty()) write_(buf_.view());
    buf_.clear();
  }
  // Hands on what is buffered, then `block`.
  void Write(std::string_view block) {
    Flush();
    if (!block.empty()) write_(block);
  }

 private:
  const std::function<void(std::string_view)>& write_;
  JsonOut buf_;
};

// Renders elements [0, n) in blocks of a few megabytes on `threads` threads
// and hands each block on in order. Each thread renders every threads-th
// block into a buffer of its own and, when the block before it has been
// handed on, hands on its own: the copying into the output overlaps the
// other threads' rendering instead of leaving them idle while one thread
// hands on every block.
template <typename Render>
void RenderInTurns(Pieces* pieces, size_t n, const Render& render, unsigned threads) {
  constexpr size_t kBlock = 8192;  // a few megabytes of flows
  const size_t blocks = (n + kBlock - 1) / kBlock;
  threads = static_cast<unsigned>(std::clamp<size_t>(threads, 1, blocks));
  std::mutex mu;
  std::condition_variable next;
  size_t turn = 0;      // the block to hand on next
  bool failed = false;  // a thread threw: the others stop
  auto stop = [&] {
    std::lock_guard lock(mu);
    failed = true;
    next.notify_all();
  };
  auto work = [&](unsigned first) {
    try {
      JsonOut block;  // on this thread's stack: no cache line shared with another's
      for (size_t b = first; b < blocks; b += threads) {
        block.clear();
        render(b * kBlock, std::min(n, (b + 1) * kBlock), &block);
        {
          std::unique_lock lock(mu);
          next.wait(lock, [&] { return turn == b || failed; });
          if (failed) return;
        }
        // Only the thread whose turn it is writes, and the lock above
        // orders its writes after the last thread's.
        pieces->Write(block.view());
        std::lock_guard lock(mu);
        ++turn;
        next.notify_all();
      }
    } catch (...) {
      stop();
      throw;
    }
  };
  std::vector<std::future<void>> helpers;
  std::exception_ptr error;
  try {
    helpers.reserve(threads - 1);
    for (unsigned t = 1; t < threads; ++t) {
      helpers.push_back(std::async(std::launch::async, work, t));
    }
  } catch (...) {
    // No thread for a helper: those started would wait for block 0 forever.
    error = std::current_exception();
    stop();
  }
  if (!error) {
    try {
      work(0);
    } catch (...) {
      error = std::current_exception();
    }
  }
  for (auto& h : helpers) {
    try {
      h.get();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
}

struct Parallelism {
  unsigned threads = 1;
  size_t from = SIZE_MAX;  // elements in an array before it is split
};

// Renders an array of `n` objects under "key" at the top level, each written
// by `element(i, writer)`: a poison trace can hold millions of flows, and a
// document tree of them took tens of gigabytes. The bytes equal a
// whole-document dump(2). A long array is cut into blocks that `parallelism`
// threads render at once, handed on in order: the bytes do not depend on it.
template <typename Element>
void AppendArrayField(Pieces* pieces, const char* key, size_t n, Element element, bool last,
                      const Parallelism& parallelism) {
  JsonOut* out = pieces->buf();
  out->append("  ");
  out->append(Json(key).dump());
  out->append(": ");
  auto render = [&](size_t begin, size_t end, JsonOut* to) {
    for (size_t i = begin; i < end; ++i) {
      to->append("    ");
      ObjectWriter o(to, 2);
      element(i, o);
      o.Close();
      to->append(i + 1 < n ? ",\n" : "\n");
      if (to == out) pieces->MaybeFlush();
    }
  };
  if (n == 0) {
    out->append("[]");
  } else if (parallelism.threads <= 1 || n < parallelism.from) {
    out->append("[\n");
    render(0, n, out);
    out->append("  ]");
  } else {
    out->append("[\n");
    pieces->Flush();
    RenderInTurns(pieces, n, render, parallelism.threads);
    pieces->buf()->append("  ]");
  }
  out->append(last ? "\n" : ",\n");
}

// Every account's id as a JSON string, one after another in one buffer.
// Flows name accounts all over the ledger: reaching an id through its
// account record and then the string's own allocation was two cache misses
// in a row per account named, most of a poison trace's rendering; here it is
// an offset near its neighbours and the bytes, checked for escaping once.
class QuotedAccountIds {
 public:
  explicit QuotedAccountIds(const std::vector<LedgerAccount>& accounts) {
    end_.reserve(accounts.size() + 1);
    end_.push_back(0);
    for (const LedgerAccount& a : accounts) {
      internal::AppendJsonString(&bytes_, a.id);
      end_.push_back(bytes_.size());
    }
  }
  std::string_view operator[](uint32_t account) const {
    return std::string_view(bytes_).substr(end_[account], end_[account + 1] - end_[account]);
  }
  // Asks for an account's offsets, or (once those are in) for its bytes.
  void PrefetchOffsets(uint32_t account) const { __builtin_prefetch(&end_[account]); }
  void PrefetchBytes(uint32_t account) const { __builtin_prefetch(bytes_.data() + end_[account]); }

 private:
  std::string bytes_;
  std::vector<size_t> end_;  // account a's id is [end_[a], end_[a + 1])
};

void AppendField(JsonOut* out, const char* key, const Json& value, bool last) {
  out->append("  ");
  out->append(Json(key).dump());
  out->append(": ");
  AppendIndented(out, value, 1);
  out->append(last ? "\n" : ",\n");
}

}  // namespace

std::string RenderTraceJson(const TraceResult& r, const TraceInput& in, const TraceLabels& l) {
  std::string whole;
  RenderTraceJson(r, in, l, [&](std::string_view piece) { whole.append(piece); });
  return whole;
}

void RenderTraceJson(const TraceResult& r, const TraceInput& in, const TraceLabels& l,
                     const std::function<void(std::string_view)>& write) {
  // Below some tens of thousands of objects a thread costs more than it saves.
  // The core count is read once: glibc reads it from /sys on every call,
  // three system calls (7 us here), and a batch renders a trace per case.
  static const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  internal::RenderTraceJson(r, in, l, write, threads, 50'000);
}

void internal::RenderTraceJson(const TraceResult& r, const TraceInput& in, const TraceLabels& l,
                               const std::function<void(std::string_view)>& write, unsigned threads,
                               size_t parallel_from) {
  const Parallelism parallelism{threads, parallel_from};
  auto money = [&](int64_t v) { return Money(l, v); };
  const QuotedAccountIds quoted_ids(in.accounts);
  const std::vector<internal::JsonKey> claimant_keys(r.claimants.begin(), r.claimants.end());
  auto split = [&](ObjectWriter& o, std::span<const ClaimantAmount> amounts) {
    ObjectWriter by = o.Object("by_claimant");
    for (const ClaimantAmount& ca : amounts) {
      ObjectWriter c = by.Object(claimant_keys[ca.claimant]);
      c.Money("tainted_amount", ca.amount, l.minor_digits);
      c.Close();
    }
    by.Close();
  };

  Pieces pieces(write);
  JsonOut& out = *pieces.buf();
  out += "{\n";
  AppendField(&out, "case_id", in.case_id, false);
  AppendField(&out, "method", std::string(MethodName(r.method)), false);
  AppendField(&out, "currency", l.currency, false);
  AppendField(&out, "until", internal::OptionalTimestamp(r.until), false);
  AppendField(&out, "seed_total", money(r.seed_total), false);
  Json seed_by = Json::object();
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    seed_by[r.claimants[c]] = money(r.by_claimant[c].seed_total);
  }
  AppendField(&out, "seed_total_by_claimant", seed_by, false);

  AppendArrayField(
      &pieces, "accounts", r.accounts.size(),
      [&](size_t i, ObjectWriter& o) {
        const AccountResult& a = r.accounts[i];
        AccountLabel label = l.Account(in.accounts[a.account].id);
        o.Encoded("account", quoted_ids[a.account]);
        o.Int("hop", a.hop);
        o.Money("tainted_received", a.tainted_received, l.minor_digits);
        o.Money("tainted_sent", a.tainted_sent, l.minor_digits);
        o.Money("tainted_balance", a.tainted_balance, l.minor_digits);
        o.Money("inferred_funds", a.inferred_funds, l.minor_digits);
        o.StringOrNull("holder_id", label.holder_id);
        o.StringOrNull("country", label.country);
        ObjectWriter by = o.Object("by_claimant");
        for (const ClaimantAccountTotals& c : a.by_claimant) {
          ObjectWriter one = by.Object(claimant_keys[c.claimant]);
          one.Money("tainted_received", c.received, l.minor_digits);
          one.Money("tainted_sent", c.sent, l.minor_digits);
          one.Money("tainted_balance", c.balance, l.minor_digits);
          one.Close();
        }
        by.Close();
      },
      false, parallelism);

  AppendArrayField(
      &pieces, "flows", r.flows.size(),
      [&](size_t i, ObjectWriter& o) {
        // Flows name accounts all over the ledger: without asking ahead for
        // their ids' offsets (far ahead) and then their bytes (near),
        // rendering waits on memory most of the time.
        if (constexpr size_t kFar = 32; i + kFar < r.flows.size()) {
          const LedgerTx& later = in.txs[r.flows[i + kFar].tx];
          quoted_ids.PrefetchOffsets(later.from);
          quoted_ids.PrefetchOffsets(later.to);
        }
        if (constexpr size_t kNear = 12; i + kNear < r.flows.size()) {
          const LedgerTx& later = in.txs[r.flows[i + kNear].tx];
          quoted_ids.PrefetchBytes(later.from);
          quoted_ids.PrefetchBytes(later.to);
        }
        const FlowResult& f = r.flows[i];
        const LedgerTx& tx = in.txs[f.tx];
        o.String("tx_id", l.TxId(tx.ref));
        o.Timestamp("timestamp", tx.timestamp);
        o.Encoded("from", quoted_ids[tx.from]);
        o.Encoded("to", quoted_ids[tx.to]);
        o.Money("amount", tx.amount, l.minor_digits);
        o.Money("tainted_amount", f.tainted_amount, l.minor_digits);
        o.Int("hop", f.hop);
        split(o, r.ByClaimant(f));
      },
      false, parallelism);

  AppendArrayField(
      &pieces, "exits", r.exits.size(),
      [&](size_t i, ObjectWriter& o) {
        const ExitResult& e = r.exits[i];
        const LedgerTx& tx = in.txs[e.tx];
        o.String("tx_id", l.TxId(tx.ref));
        o.Timestamp("timestamp", tx.timestamp);
        o.String("kind", ExitKindName(e.kind));
        o.Encoded("account", quoted_ids[e.account]);
        if (e.kind == ExitKind::kAssetPurchase) o.String("asset_id", e.asset_id);
        o.Money("tainted_amount", e.tainted_amount, l.minor_digits);
        split(o, r.ByClaimant(e));
      },
      false, parallelism);

  Json summary;
  summary["held"] = money(r.held);
  summary["exited"] = money(r.exited);
  summary["conserved"] = r.conserved;
  Json by = Json::object();
  for (size_t c = 0; c < r.claimants.size(); ++c) {
    by[r.claimants[c]] =
        Json{{"held", money(r.by_claimant[c].held)}, {"exited", money(r.by_claimant[c].exited)}};
  }
  summary["by_claimant"] = std::move(by);
  AppendField(&out, "summary", summary, true);
  out += "}\n";
  pieces.Flush();
}

}  // namespace moneytrail::trace
