// Linked accounts: the accounts whose holders are tied together by a shared
// identifier or a shared holder.
//
// Two parties are linked when they share a national id, phone, e-mail,
// address or device, compared after normalisation (identifiers.h); two
// accounts are linked when they have the same holder. Links are transitive:
// the group of an account or party is its connected component in the graph
// of parties and identifiers, and the accounts of the group are every account
// held by one of its parties. Accounts without a holder link to nothing.
//
// An identifier shared by more than `max_parties_per_identifier` parties is
// too common to mean anything (a bank's call centre, a notary's office, a
// placeholder such as "unknown"): it links nobody, and the groups that hold it
// list it under `ignored`.
//
// Building the index reads every party and account once (about a second per
// million records) and keeps them in memory: build it once and ask it many
// times. A query then costs the size of its group.
//
// Thread safety: a built LinkIndex is immutable; Linked() may be called from
// several threads at once.
#ifndef MONEYTRAIL_ENGINE_QUERY_LINKED_H_
#define MONEYTRAIL_ENGINE_QUERY_LINKED_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/query/identifiers.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

struct LinkOptions {
  size_t max_parties_per_identifier = 20;  // >= 2
};

// Why an account belongs to the group: its holder holds other accounts of
// the group, or shares an identifier with other parties of it.
enum class LinkKind { kHolder, kNationalId, kPhone, kEmail, kAddress, kDevice };
// "holder", then the identifier kinds' names.
std::string_view LinkKindName(LinkKind kind);

struct Link {
  LinkKind kind = LinkKind::kHolder;
  // The holder id (kHolder), or the normalised identifier.
  std::string value;
  // kHolder: the holder's other accounts; identifiers: the other parties that
  // share it. Sorted, never empty.
  std::vector<std::string> with;
};

struct LinkedAccount {
  std::string account_id;
  std::string holder_id;
  std::string holder_name;  // the party's name, else the account record's
  // Shared identifiers between the group's root party and this account's
  // holder along the shortest chain of parties: 0 for the root's own accounts.
  int distance = 0;
  std::vector<Link> links;  // by kind (enum order), then value
};

struct IgnoredIdentifier {
  IdentifierKind kind = IdentifierKind::kNationalId;
  std::string value;   // normalised
  size_t parties = 0;  // how many parties of the whole store hold it
};

struct LinkedResult {
  std::string query;  // the id asked for
  std::string
      party_id;  // the root party: the holder of the queried account, or the party asked for
  // Ordered by distance, the queried account first among its equals, then by id.
  std::vector<LinkedAccount> accounts;
  size_t found = 0;    // accounts in the group; more than accounts.size() when `limit` cut
  size_t parties = 0;  // parties in the group, with or without accounts
  std::vector<IgnoredIdentifier> ignored;  // held by parties of the group; by kind, then value
  size_t max_parties_per_identifier = 0;   // the index's option, for the record

  bool truncated() const { return found > accounts.size(); }
};

class LinkIndex {
 public:
  // Reads every party and account of `store`. Fails with Usage when an
  // option is out of range, and with the store's error on I/O failure.
  static Result<std::unique_ptr<LinkIndex>> Build(const storage::Store& store,
                                                  const LinkOptions& options);
  ~LinkIndex();
  LinkIndex(const LinkIndex&) = delete;
  LinkIndex& operator=(const LinkIndex&) = delete;

  // The group of `id`: an account id (looked up first), a party id, or a
  // holder id that account records name. At most `limit` accounts (>= 1) are
  // listed. NotFound when none of these had that id when the index was built
  // (an account known only from transactions has no holder to link by).
  Result<LinkedResult> Linked(std::string_view id, size_t limit = 1000) const;

  size_t parties() const;  // parties and holders known to the index
  size_t accounts() const;

 private:
  class Impl;  // keeps Boost out of every includer
  explicit LinkIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Build() and Linked() in one: for a single question.
Result<LinkedResult> FindLinked(const storage::Store& store, std::string_view id,
                                const LinkOptions& options, size_t limit = 1000);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_LINKED_H_
