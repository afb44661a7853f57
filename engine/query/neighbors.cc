#include "engine/query/neighbors.h"

#include <algorithm>
#include <climits>
#include <unordered_map>

#include "engine/core/amount.h"
#include "engine/query/edges.h"

namespace moneytrail::query {

std::string_view WalkDirectionName(WalkDirection d) {
  switch (d) {
    case WalkDirection::kOut:
      return "out";
    case WalkDirection::kIn:
      return "in";
    case WalkDirection::kBoth:
      break;
  }
  return "both";
}

std::optional<WalkDirection> WalkDirectionFromName(std::string_view name) {
  for (auto d : {WalkDirection::kOut, WalkDirection::kIn, WalkDirection::kBoth}) {
    if (WalkDirectionName(d) == name) return d;
  }
  return std::nullopt;
}

namespace {

Status CheckOptions(const NeighborsOptions& o) {
  if (o.hops < 1 || o.hops > 3) {
    return Status::Usage("hops: " + std::to_string(o.hops) + " is not 1, 2 or 3");
  }
  if (o.limit < 1) return Status::Usage("limit: must be at least 1");
  if (o.max_fanout < 1) return Status::Usage("max_fanout: must be at least 1");
  if (o.max_entries < 1) return Status::Usage("max_entries: must be at least 1");
  if (o.filter.min_minor < 0) return Status::Usage("min_amount: must not be negative");
  if (o.filter.since && o.filter.until && *o.filter.since > *o.filter.until) {
    return Status::Usage("since: is after until");
  }
  return Status::Ok();
}

struct Node {
  int hop = 0;
  bool sent_out = false, received_in = false, hub = false;
  uint64_t transactions = 0;
  int64_t total = 0;
  Timestamp first, last;
  uint32_t via = 0;        // store number
  int64_t via_total = -1;  // the largest total of one nearer account so far
  // The total with the account being expanded (`toucher`), for `via`.
  uint32_t toucher = UINT32_MAX;
  int64_t from_toucher = 0;
};

// The walk's state: every account reached so far, by store number. Ids are
// looked up only where order or output needs them.
class Walk {
 public:
  Walk(const storage::Store& store, const NeighborsOptions& o) : store_(store), o_(o) {
    budget_.remaining = o.max_entries;
  }

  Status Run(uint32_t root) {
    root_ = root;
    std::vector<uint32_t> frontier = {root};
    for (int hop = 1; hop <= o_.hops && !frontier.empty() && !budget_.exhausted; ++hop) {
      std::vector<uint32_t> next;
      for (uint32_t x : frontier) {
        RETURN_IF_ERROR(Expand(x, hop, &next));
        if (budget_.exhausted) break;
      }
      if (hop < o_.hops) RETURN_IF_ERROR(SortById(&next));  // the last ring is not expanded
      frontier = std::move(next);
    }
    return Status::Ok();
  }

  Result<NeighborsResult> Output(std::string account) {
    NeighborsResult r;
    r.account = std::move(account);
    r.options = o_;
    r.found = nodes_.size();
    r.hubs = hubs_;
    r.budget_exhausted = budget_.exhausted;
    r.entries_read = budget_.read;
    // Order by (hop, total) first; only the accounts that can make the list
    // (the first `limit`, and any tied with the last of them) need their ids.
    std::vector<std::pair<uint32_t, const Node*>> order;
    order.reserve(nodes_.size());
    for (const auto& [n, node] : nodes_) order.emplace_back(n, &node);
    auto before = [](const auto& a, const auto& b) {
      if (a.second->hop != b.second->hop) return a.second->hop < b.second->hop;
      return a.second->total > b.second->total;
    };
    if (order.size() > o_.limit) {
      // The limit-th by (hop, total), then everything before it or tied with it.
      std::nth_element(order.begin(), order.begin() + static_cast<ptrdiff_t>(o_.limit - 1),
                       order.end(), before);
      auto last = order[o_.limit - 1];
      auto tail = std::partition(order.begin() + static_cast<ptrdiff_t>(o_.limit), order.end(),
                                 [&](const auto& x) { return !before(last, x); });
      order.erase(tail, order.end());
    }
    for (const auto& [n, node] : order) {
      Neighbor out;
      ASSIGN_OR_RETURN(out.account, Name(n));
      ASSIGN_OR_RETURN(out.via, Name(node->via));
      out.hop = node->hop;
      out.sent_out = node->sent_out;
      out.received_in = node->received_in;
      out.transactions = node->transactions;
      out.total_minor = node->total;
      out.first = node->first;
      out.last = node->last;
      out.hub = node->hub;
      r.neighbors.push_back(std::move(out));
    }
    std::stable_sort(r.neighbors.begin(), r.neighbors.end(),
                     [](const Neighbor& a, const Neighbor& b) {
                       if (a.hop != b.hop) return a.hop < b.hop;
                       if (a.total_minor != b.total_minor) return a.total_minor > b.total_minor;
                       return a.account < b.account;
                     });
    if (r.neighbors.size() > o_.limit) r.neighbors.resize(o_.limit);
    return r;
  }

 private:
  Result<std::string> Name(uint32_t n) const { return store_.AccountIdOf(n); }

  Status SortById(std::vector<uint32_t>* accounts) const {
    std::vector<std::pair<std::string, uint32_t>> named;
    named.reserve(accounts->size());
    for (uint32_t n : *accounts) {
      ASSIGN_OR_RETURN(auto id, Name(n));
      named.emplace_back(std::move(id), n);
    }
    std::sort(named.begin(), named.end());
    for (size_t i = 0; i < named.size(); ++i) (*accounts)[i] = named[i].second;
    return Status::Ok();
  }

  // Reads `x`'s edges (hop - 1 away) and files their counterparties at `hop`.
  Status Expand(uint32_t x, int hop, std::vector<uint32_t>* next) {
    bool is_root = hop == 1;
    std::vector<internal::Edge> edges[2];
    size_t fanout = is_root ? 0 : o_.max_fanout;  // the queried account is read whole
    const storage::Direction dirs[2] = {storage::Direction::kOut, storage::Direction::kIn};
    for (int d = 0; d < 2; ++d) {
      if (o_.direction == (d == 0 ? WalkDirection::kIn : WalkDirection::kOut)) continue;
      ASSIGN_OR_RETURN(auto end, internal::ReadEdges(store_, x, dirs[d], o_.filter, fanout,
                                                     &budget_, &edges[d]));
      if (end == internal::ReadEnd::kFanout) {
        nodes_.at(x).hub = true;
        ++hubs_;
        return Status::Ok();
      }
      if (end == internal::ReadEnd::kBudget) break;  // file what was read, then stop
    }
    std::vector<Node*> touched;  // counterparties of `x`, for `via`
    for (int d = 0; d < 2; ++d) {
      for (const internal::Edge& e : edges[d]) {
        if (e.counterparty == root_) continue;
        auto [it, fresh] = nodes_.try_emplace(e.counterparty);
        Node& n = it->second;
        if (fresh) {
          n.hop = hop;
          n.first = n.last = e.timestamp;
          next->push_back(e.counterparty);
        } else if (n.hop < hop) {
          continue;  // nearer already: this edge runs within the nearer rings
        }
        if (n.toucher != x) {
          n.toucher = x;
          n.from_toucher = 0;
          touched.push_back(&n);
        }
        auto total = CheckedAdd(n.total, e.minor);
        auto sum = CheckedAdd(n.from_toucher, e.minor);
        if (!total || !sum) return Status::DataError("a neighbour's total overflows");
        n.total = *total;
        n.from_toucher = *sum;
        ++n.transactions;
        n.first = std::min(n.first, e.timestamp);
        n.last = std::max(n.last, e.timestamp);
        (d == 0 ? n.sent_out : n.received_in) = true;
      }
    }
    // Nearer accounts come in id order: on a tie the earlier one stays.
    for (Node* node : touched) {
      if (node->from_toucher > node->via_total) {
        node->via_total = node->from_toucher;
        node->via = x;
      }
    }
    return Status::Ok();
  }

  const storage::Store& store_;
  const NeighborsOptions& o_;
  uint32_t root_ = 0;
  internal::EntryBudget budget_;
  std::unordered_map<uint32_t, Node> nodes_;
  size_t hubs_ = 0;
};

}  // namespace

Result<NeighborsResult> Neighbors(const storage::Store& store, std::string_view account,
                                  const NeighborsOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  ASSIGN_OR_RETURN(auto number, internal::ResolveAccount(store, account));
  Walk walk(store, options);
  if (number) RETURN_IF_ERROR(walk.Run(*number));  // else: a record without transactions
  return walk.Output(std::string(account));
}

}  // namespace moneytrail::query
