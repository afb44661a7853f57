// Timeline: an account's transactions in replay order with its running
// balance, from the account's index (no scan of the store).
//
// The balance starts at the account record's opening balance (0 without a
// record) and moves by every transaction's base amount: received adds, sent
// subtracts, cash included. Entries come in replay order, (timestamp, ingest
// sequence), an incoming side before an outgoing one of the same transaction
// (a transfer to oneself). `since` and `until` (inclusive) choose which
// entries are listed; the balances still count everything before `since`, so
// `opening_minor` is the balance just before the first listed entry.
//
// Cost: the whole index of the account up to `until` is read (a few
// microseconds per entry); each listed entry costs one transaction lookup,
// so `limit` bounds the expensive part.
//
// Thread safety: reads the store only; safe to call from several threads.
#ifndef MONEYTRAIL_ENGINE_QUERY_TIMELINE_H_
#define MONEYTRAIL_ENGINE_QUERY_TIMELINE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/core/status.h"
#include "engine/storage/store.h"

namespace moneytrail::query {

struct TimelineOptions {
  std::optional<Timestamp> since;  // list entries at or after this instant
  std::optional<Timestamp> until;  // list entries at or before this instant
  size_t limit = 0;                // the first `limit` entries of the window; 0 = all
};

struct TimelineEntry {
  Transaction tx;
  bool outgoing = false;
  int64_t balance_minor = 0;  // after this entry, base currency

  // The entry's effect on the balance: -base_minor when sent.
  int64_t signed_minor() const { return outgoing ? -tx.base_minor : tx.base_minor; }
  // The other side: its account id, or "CASH".
  std::string counterparty() const;
};

struct TimelineResult {
  std::string account_id;
  std::optional<Account> account;  // the record, when the store has one
  std::optional<Party> holder;     // the record of account->holder_id, when there is one
  TimelineOptions options;
  int64_t opening_minor = 0;  // before the first entry of the window
  int64_t closing_minor = 0;  // after the last entry of the window (listed or not)
  std::vector<TimelineEntry> entries;
  size_t found = 0;  // entries in the window; more than entries.size() when `limit` cut

  bool truncated() const { return found > entries.size(); }
};

// The timeline of `account`. Fails with Usage when `since` is after `until`,
// NotFound when the store has neither a record nor transactions of
// `account`, DataError when a balance overflows, and with the store's error
// on I/O failure or corruption.
Result<TimelineResult> Timeline(const storage::Store& store, std::string_view account,
                                const TimelineOptions& options);

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_TIMELINE_H_
