// Latency of the investigator queries (engine/query) on a store, as a server
// would see them: one process, the store opened once (read-only), each
// query run on many different accounts, p50/p99/max printed as a table;
// the first row is the open itself (ten more opens beside the first).
//
//   bench_query STORE [RUNS] [SEED]     (default 200 runs, seed 1)
//   bench_query STORE --reach FILE      reach (3 hops out) of each account
//                                       in FILE, one id per line, twice;
//                                       the second (warm) pass is reported
//
// Accounts are drawn at random (seeded: the same accounts on every run)
// from the account records. Path pairs come two ways: random pairs (the
// search usually exhausts every length), and an account with a random
// 3-hop out-neighbour (a chain usually exists). A warm-up of RUNS/4 queries
// of each kind runs first and is not counted.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "engine/query/linked.h"
#include "engine/query/neighbors.h"
#include "engine/query/paths.h"
#include "engine/query/reach.h"
#include "engine/query/timeline.h"
#include "engine/storage/store.h"

namespace moneytrail::query {
namespace {

struct Row {
  std::string name;
  std::vector<double> ms;
  size_t truncated = 0, empty = 0;
};

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

// Runs `fn(i)` for i in [0, runs) after `warm` unmeasured calls; `fn` returns
// {truncated, empty} or an error message.
Row Measure(const std::string& name, size_t warm, size_t runs,
            const std::function<std::pair<bool, bool>(size_t)>& fn) {
  Row row{name, {}, 0, 0};
  for (size_t i = 0; i < warm; ++i) fn(runs + i);
  for (size_t i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto [truncated, empty] = fn(i);
    row.ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    row.truncated += truncated;
    row.empty += empty;
  }
  return row;
}

[[noreturn]] void Die(const Status& st) {
  std::fprintf(stderr, "bench_query: %s\n", st.message().c_str());
  std::exit(st.ExitCode());
}

void PrintRows(const std::vector<Row>& rows) {
  std::printf("%-30s %6s %9s %9s %9s %9s %10s %8s\n", "query", "runs", "p50 ms", "p90 ms", "p99 ms",
              "max ms", "truncated", "empty");
  for (const Row& r : rows) {
    std::printf("%-30s %6zu %9.3f %9.3f %9.3f %9.3f %10zu %8zu\n", r.name.c_str(), r.ms.size(),
                Quantile(r.ms, 0.50), Quantile(r.ms, 0.90), Quantile(r.ms, 0.99),
                Quantile(r.ms, 1.0), r.truncated, r.empty);
  }
}

// Builds `*graph` from the store, timed as a row of its own.
Row BuildGraph(const storage::Store& store, std::unique_ptr<AccountGraph>* graph) {
  return Measure("reach: build the graph", 0, 1, [&](size_t) {
    auto built = AccountGraph::Build(store);
    if (!built.ok()) Die(built.status());
    *graph = std::move(built).value();
    return std::pair(false, false);
  });
}

// Reach of the accounts listed in `file`, as tools/bench/postgres_compare.sh
// asks PostgreSQL: 3 hops out, each account twice, the warm pass reported.
int ReachOfListed(const storage::Store& store, const char* file) {
  std::vector<std::string> accounts;
  std::ifstream in(file);
  if (!in) Die(Status::NotFound(std::string("cannot open ") + file + ": " + std::strerror(errno)));
  for (std::string id; std::getline(in, id);) {
    if (!id.empty() && id.back() == '\r') id.pop_back();
    if (!id.empty()) accounts.push_back(id);
  }
  if (accounts.empty()) Die(Status::Usage(std::string("no account ids in ") + file));
  std::unique_ptr<AccountGraph> graph;
  Row build = BuildGraph(store, &graph);
  uint64_t found = 0, backward = 0;
  auto reach = [&](size_t i) {
    auto r = Reach(*graph, store, accounts[i % accounts.size()], {});
    if (!r.ok()) Die(r.status());
    found += r->found;
    backward += r->backward_hops;
    return std::pair(r->truncated(), r->found == 0);
  };
  Measure("cold", 0, accounts.size(), reach);
  found = backward = 0;
  Row warm = Measure("reach 3 hops out (warm pass)", 0, accounts.size(), reach);
  std::printf(
      "store %s: %llu transactions, %zu account numbers, %zu distinct payer-payee pairs, "
      "graph %.1f MiB\n\n",
      store.path().c_str(), static_cast<unsigned long long>(graph->transactions()),
      static_cast<size_t>(graph->account_limit()), graph->pairs(),
      static_cast<double>(graph->MemoryBytes()) / (1 << 20));
  PrintRows({build, warm});
  std::printf("\nmean accounts reached %.1f; hops counted backward %.2f per query\n",
              static_cast<double>(found) / static_cast<double>(accounts.size()),
              static_cast<double>(backward) / static_cast<double>(accounts.size()));
  return 0;
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_query STORE [RUNS] [SEED] | STORE --reach FILE\n");
    return 64;
  }
  storage::StoreOptions so;
  so.read_only = true;
  so.create_if_missing = false;
  auto opened = storage::Store::Open(argv[1], so);
  if (!opened.ok()) Die(opened.status());
  const storage::Store& store = **opened;
  if (argc > 3 && std::string(argv[2]) == "--reach") return ReachOfListed(store, argv[3]);
  size_t runs = argc > 2 ? std::stoul(argv[2]) : 200;
  uint64_t seed = argc > 3 ? std::stoull(argv[3]) : 1;
  std::vector<std::string> ids;
  Status s = store.ForEachAccount([&](const Account& a) {
    ids.push_back(a.account_id);
    return true;
  });
  if (!s.ok() || ids.empty()) {
    std::fprintf(stderr, "bench_query: no accounts (%s)\n", s.message().c_str());
    return 66;
  }
  std::mt19937_64 rng(seed);
  size_t warm = runs / 4;
  std::vector<std::string> sample(runs + warm);
  for (auto& id : sample) id = ids[rng() % ids.size()];
  std::vector<std::string> other(runs + warm);
  for (auto& id : other) id = ids[rng() % ids.size()];

  std::vector<Row> rows;
  // Every command, an investigator's query included, opens the store first.
  rows.push_back(Measure("open the store (read-only)", 1, 10, [&](size_t) {
    auto again = storage::Store::Open(argv[1], so);
    if (!again.ok()) Die(again.status());
    return std::pair(false, false);
  }));
  auto neighbors = [&](int hops, WalkDirection d) {
    return [&, hops, d](size_t i) {
      NeighborsOptions o;
      o.hops = hops;
      o.direction = d;
      auto r = Neighbors(store, sample[i], o);
      if (!r.ok()) Die(r.status());
      return std::pair(r->truncated(), r->neighbors.empty());
    };
  };
  rows.push_back(Measure("neighbors 1 hop, both", warm, runs, neighbors(1, WalkDirection::kBoth)));
  rows.push_back(Measure("neighbors 2 hops, out", warm, runs, neighbors(2, WalkDirection::kOut)));
  rows.push_back(Measure("neighbors 2 hops, in", warm, runs, neighbors(2, WalkDirection::kIn)));
  rows.push_back(Measure("neighbors 2 hops, both", warm, runs, neighbors(2, WalkDirection::kBoth)));
  rows.push_back(
      Measure("neighbors 3 hops, out", warm, runs / 4 + 1, neighbors(3, WalkDirection::kOut)));

  // Targets for connected pairs: a 3-hop out-neighbour of each sample account.
  std::vector<std::string> reach(runs + warm);
  for (size_t i = 0; i < reach.size(); ++i) {
    NeighborsOptions o;
    o.hops = 3;
    o.direction = WalkDirection::kOut;
    o.limit = 100000;
    auto r = Neighbors(store, sample[i], o);
    if (!r.ok()) Die(r.status());
    std::vector<std::string> far;
    for (const Neighbor& n : r->neighbors) {
      if (n.hop == 3) far.push_back(n.account);
    }
    reach[i] = far.empty() ? other[i] : far[rng() % far.size()];
  }
  auto path = [&](const std::vector<std::string>& to) {
    return [&](size_t i) {
      if (sample[i] == to[i]) return std::pair(false, true);
      auto r = FindPaths(store, sample[i], to[i], {});
      if (!r.ok()) Die(r.status());
      return std::pair(r->truncated(), r->paths.empty());
    };
  };
  rows.push_back(Measure("path <= 4 hops, 3-hop pairs", warm, runs, path(reach)));
  rows.push_back(Measure("path <= 4 hops, random pairs", warm, runs, path(other)));

  rows.push_back(Measure("timeline", warm, runs, [&](size_t i) {
    auto r = Timeline(store, sample[i], {});
    if (!r.ok()) Die(r.status());
    return std::pair(r->truncated(), r->entries.empty());
  }));

  std::unique_ptr<LinkIndex> index;
  rows.push_back(Measure("linked: build the index", 0, 1, [&](size_t) {
    auto built = LinkIndex::Build(store, {});
    if (!built.ok()) Die(built.status());
    index = std::move(built).value();
    return std::pair(false, false);
  }));
  rows.push_back(Measure("linked: query (index built)", warm, runs, [&](size_t i) {
    auto r = index->Linked(sample[i]);
    if (!r.ok()) Die(r.status());
    return std::pair(r->truncated(), r->accounts.size() <= 1);
  }));

  std::unique_ptr<AccountGraph> graph;
  rows.push_back(BuildGraph(store, &graph));
  auto reach_of = [&](int hops, WalkDirection d) {
    return [&, hops, d](size_t i) {
      ReachOptions o;
      o.hops = hops;
      o.direction = d;
      auto r = Reach(*graph, store, sample[i], o);
      if (!r.ok()) Die(r.status());
      return std::pair(r->truncated(), r->found == 0);
    };
  };
  rows.push_back(Measure("reach 3 hops, out", warm, runs, reach_of(3, WalkDirection::kOut)));
  rows.push_back(Measure("reach 3 hops, both", warm, runs, reach_of(3, WalkDirection::kBoth)));

  std::printf("store %s, %zu account records, %zu runs per query (seed %llu)\n\n", argv[1],
              ids.size(), runs, static_cast<unsigned long long>(seed));
  PrintRows(rows);
  return 0;
}

}  // namespace
}  // namespace moneytrail::query

int main(int argc, char** argv) { return moneytrail::query::Main(argc, argv); }
