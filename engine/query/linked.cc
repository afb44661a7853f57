#include "engine/query/linked.h"

#include <algorithm>
#include <boost/pending/disjoint_sets.hpp>
#include <climits>
#include <deque>
#include <tuple>
#include <unordered_map>

namespace moneytrail::query {

std::string_view LinkKindName(LinkKind kind) {
  if (kind == LinkKind::kHolder) return "holder";
  return IdentifierKindName(static_cast<IdentifierKind>(static_cast<int>(kind) - 1));
}

namespace {

constexpr uint32_t kNone = UINT32_MAX;

LinkKind LinkKindOf(IdentifierKind kind) {
  return static_cast<LinkKind>(static_cast<int>(kind) + 1);
}

}  // namespace

class LinkIndex::Impl {
 public:
  // A party, or a holder id that accounts name without a party record.
  struct Node {
    std::string id;
    std::string name;
    std::vector<uint32_t> identifiers;        // into identifiers_
    std::vector<uint32_t> accounts;           // into accounts_
    uint32_t group_begin = 0, group_end = 0;  // its group: members_[begin, end)
  };
  struct Identifier {
    IdentifierKind kind;
    std::string value;
    std::vector<uint32_t> nodes;
  };
  struct AccountRec {
    std::string id;
    std::string holder_name;
    uint32_t node = kNone;
  };

  Status Build(const storage::Store& store) {
    path_ = store.path();
    RETURN_IF_ERROR(store.ForEachParty([&](const Party& p) {
      uint32_t n = NodeFor(p.party_id);
      nodes_[n].name = p.name;
      for (IdentifierKind kind : kIdentifierKinds) {
        std::string value = NormalizeIdentifier(kind, PartyIdentifier(p, kind));
        if (value.empty()) continue;
        std::string key = static_cast<char>('0' + static_cast<int>(kind)) + value;
        auto [it, fresh] =
            identifier_of_.try_emplace(key, static_cast<uint32_t>(identifiers_.size()));
        if (fresh) identifiers_.push_back({kind, std::move(value), {}});
        identifiers_[it->second].nodes.push_back(n);
        nodes_[n].identifiers.push_back(it->second);
      }
      return true;
    }));
    RETURN_IF_ERROR(store.ForEachAccount([&](const Account& a) {
      uint32_t i = static_cast<uint32_t>(accounts_.size());
      accounts_.push_back({a.account_id, a.holder_name, kNone});
      account_of_.emplace(a.account_id, i);
      if (a.holder_id.empty()) return true;
      uint32_t n = NodeFor(a.holder_id);
      if (nodes_[n].name.empty()) nodes_[n].name = a.holder_name;
      accounts_[i].node = n;
      nodes_[n].accounts.push_back(i);
      return true;
    }));
    Group();
    return Status::Ok();
  }

  bool Common(uint32_t identifier) const {
    return identifiers_[identifier].nodes.size() > options_.max_parties_per_identifier;
  }

  Result<LinkedResult> Linked(std::string_view id, size_t limit) const {
    if (limit < 1) return Status::Usage("limit: must be at least 1");
    LinkedResult r;
    r.query = std::string(id);
    r.max_parties_per_identifier = options_.max_parties_per_identifier;
    uint32_t root = kNone;
    auto acc = account_of_.find(r.query);
    if (acc != account_of_.end()) {
      root = accounts_[acc->second].node;
      if (root == kNone) {  // no holder: a group of one
        r.found = 1;
        r.accounts.push_back({r.query, "", accounts_[acc->second].holder_name, 0, {}});
        return r;
      }
    } else if (auto party = node_of_.find(r.query); party != node_of_.end()) {
      root = party->second;
    } else {
      return Status::NotFound("no account or party record '" + r.query + "' in " + path_);
    }
    r.party_id = nodes_[root].id;
    std::unordered_map<uint32_t, int> distance = Distances(root);
    const Node& group = nodes_[root];
    r.parties = group.group_end - group.group_begin;
    if (distance.size() != r.parties) return Status::Internal("link groups disagree");
    for (uint32_t g = group.group_begin; g < group.group_end; ++g) {
      uint32_t n = members_[g];
      for (uint32_t a : nodes_[n].accounts) r.accounts.push_back(Describe(a, distance.at(n)));
      for (uint32_t i : nodes_[n].identifiers) {
        if (Common(i)) {
          r.ignored.push_back(
              {identifiers_[i].kind, identifiers_[i].value, identifiers_[i].nodes.size()});
        }
      }
    }
    auto key = [&](const LinkedAccount& a) {
      return std::make_tuple(a.distance, a.account_id != r.query, std::cref(a.account_id));
    };
    std::sort(r.accounts.begin(), r.accounts.end(),
              [&](const LinkedAccount& a, const LinkedAccount& b) { return key(a) < key(b); });
    r.found = r.accounts.size();
    if (r.accounts.size() > limit) r.accounts.resize(limit);
    auto ikey = [](const IgnoredIdentifier& x) { return std::tie(x.kind, x.value); };
    std::sort(r.ignored.begin(), r.ignored.end(),
              [&](const auto& a, const auto& b) { return ikey(a) < ikey(b); });
    r.ignored.erase(std::unique(r.ignored.begin(), r.ignored.end(),
                                [&](const auto& a, const auto& b) { return ikey(a) == ikey(b); }),
                    r.ignored.end());
    return r;
  }

  LinkOptions options_;
  std::vector<Node> nodes_;
  std::vector<AccountRec> accounts_;

 private:
  uint32_t NodeFor(const std::string& id) {
    auto [it, fresh] = node_of_.try_emplace(id, static_cast<uint32_t>(nodes_.size()));
    if (fresh) nodes_.push_back({id, "", {}, {}, 0, 0});
    return it->second;
  }

  // Union-find over the parties that share an identifier that is not common.
  void Group() {
    std::vector<uint32_t> rank(nodes_.size()), parent(nodes_.size());
    boost::disjoint_sets<uint32_t*, uint32_t*> sets(rank.data(), parent.data());
    for (uint32_t n = 0; n < nodes_.size(); ++n) sets.make_set(n);
    for (uint32_t i = 0; i < identifiers_.size(); ++i) {
      if (Common(i)) continue;
      for (uint32_t n : identifiers_[i].nodes) sets.union_set(identifiers_[i].nodes[0], n);
    }
    // Members of each group side by side, in node order.
    std::vector<uint32_t> rep(nodes_.size()), count(nodes_.size(), 0), begin(nodes_.size(), 0);
    for (uint32_t n = 0; n < nodes_.size(); ++n) ++count[rep[n] = sets.find_set(n)];
    for (uint32_t n = 1; n < nodes_.size(); ++n) begin[n] = begin[n - 1] + count[n - 1];
    members_.resize(nodes_.size());
    std::vector<uint32_t> filled(nodes_.size(), 0);
    for (uint32_t n = 0; n < nodes_.size(); ++n) {
      Node& node = nodes_[n];
      node.group_begin = begin[rep[n]];
      node.group_end = begin[rep[n]] + count[rep[n]];
      members_[node.group_begin + filled[rep[n]]++] = n;
    }
  }

  // Every party of `root`'s group, with its distance from `root`
  // (breadth-first over shared identifiers): the same parties as the
  // union-find group, which Linked() checks.
  std::unordered_map<uint32_t, int> Distances(uint32_t root) const {
    std::unordered_map<uint32_t, int> distance = {{root, 0}};
    std::deque<uint32_t> queue = {root};
    while (!queue.empty()) {
      uint32_t n = queue.front();
      queue.pop_front();
      for (uint32_t i : nodes_[n].identifiers) {
        if (Common(i)) continue;
        for (uint32_t m : identifiers_[i].nodes) {
          if (distance.try_emplace(m, distance[n] + 1).second) queue.push_back(m);
        }
      }
    }
    return distance;
  }

  LinkedAccount Describe(uint32_t account, int distance) const {
    const AccountRec& a = accounts_[account];
    const Node& holder = nodes_[a.node];
    LinkedAccount out{
        a.id, holder.id, holder.name.empty() ? a.holder_name : holder.name, distance, {}};
    if (holder.accounts.size() > 1) {
      Link l{LinkKind::kHolder, holder.id, {}};
      for (uint32_t other : holder.accounts) {
        if (other != account) l.with.push_back(accounts_[other].id);
      }
      std::sort(l.with.begin(), l.with.end());
      out.links.push_back(std::move(l));
    }
    for (uint32_t i : holder.identifiers) {
      const Identifier& ident = identifiers_[i];
      if (Common(i) || ident.nodes.size() < 2) continue;
      Link l{LinkKindOf(ident.kind), ident.value, {}};
      for (uint32_t m : ident.nodes) {
        if (m != a.node) l.with.push_back(nodes_[m].id);
      }
      std::sort(l.with.begin(), l.with.end());
      out.links.push_back(std::move(l));
    }
    std::sort(out.links.begin(), out.links.end(), [](const Link& x, const Link& y) {
      return std::tie(x.kind, x.value) < std::tie(y.kind, y.value);
    });
    return out;
  }

  std::string path_;
  std::vector<Identifier> identifiers_;
  // Identifier number by kind byte + value. Only Build() needs it, but it is
  // kept: freeing its million small strings at once made glibc's next large
  // allocations consolidate the free lists (measured: the first queries after
  // a build took 70-90 ms instead of 0.1 ms).
  std::unordered_map<std::string, uint32_t> identifier_of_;
  std::vector<uint32_t> members_;  // node numbers grouped (see Node::group_begin)
  std::unordered_map<std::string, uint32_t> node_of_, account_of_;
};

LinkIndex::LinkIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LinkIndex::~LinkIndex() = default;

Result<std::unique_ptr<LinkIndex>> LinkIndex::Build(const storage::Store& store,
                                                    const LinkOptions& options) {
  if (options.max_parties_per_identifier < 2) {
    return Status::Usage("max_parties_per_identifier: must be at least 2");
  }
  auto impl = std::make_unique<Impl>();
  impl->options_ = options;
  RETURN_IF_ERROR(impl->Build(store));
  return std::unique_ptr<LinkIndex>(new LinkIndex(std::move(impl)));
}

Result<LinkedResult> LinkIndex::Linked(std::string_view id, size_t limit) const {
  return impl_->Linked(id, limit);
}

size_t LinkIndex::parties() const { return impl_->nodes_.size(); }
size_t LinkIndex::accounts() const { return impl_->accounts_.size(); }

Result<LinkedResult> FindLinked(const storage::Store& store, std::string_view id,
                                const LinkOptions& options, size_t limit) {
  ASSIGN_OR_RETURN(auto index, LinkIndex::Build(store, options));
  return index->Linked(id, limit);
}

}  // namespace moneytrail::query
