#include "engine/storage/record_codec.h"

#include <initializer_list>

#include "engine/storage/codec.h"

namespace moneytrail::storage {
namespace {

void PutStrings(std::string* out, std::initializer_list<const std::string*> fields) {
  for (const std::string* f : fields) PutString(out, *f);
}

bool GetStrings(Decoder* d, std::initializer_list<std::string*> fields) {
  for (std::string* f : fields) {
    if (!d->GetString(f)) return false;
  }
  return true;
}

void PutTail(std::string* out, const Attributes& attrs, const Provenance& p) {
  PutVarint(out, attrs.size());
  for (const auto& [k, v] : attrs) {
    PutString(out, k);
    PutString(out, v);
  }
  PutVarint(out, p.source_id);
  PutVarint(out, p.line);
}

bool GetTail(Decoder* d, Attributes* attrs, Provenance* p) {
  uint64_t n;
  if (!d->GetVarint(&n) || n > (1u << 20)) return false;
  attrs->resize(n);
  for (auto& [k, v] : *attrs) {
    if (!d->GetString(&k) || !d->GetString(&v)) return false;
  }
  uint64_t source, line;
  if (!d->GetVarint(&source) || !d->GetVarint(&line)) return false;
  p->source_id = static_cast<uint32_t>(source);
  p->line = line;
  return true;
}

Status Done(const Decoder& d, const char* what) {
  return d.done() ? Status::Ok() : Status::Corruption(std::string("cannot decode stored ") + what);
}

}  // namespace

void EncodeTransaction(const Transaction& tx, std::string* out) {
  PutStrings(out, {&tx.tx_id, &tx.from_account, &tx.to_account});
  out->append(tx.amount.currency.code());
  PutVarintSigned(out, tx.amount.minor_units);
  PutVarintSigned(out, tx.base_minor);
  PutStrings(out, {&tx.channel, &tx.reference, &tx.end_to_end_id, &tx.uetr});
  PutTail(out, tx.attributes, tx.provenance);
}

Status DecodeTransaction(std::string_view in, Transaction* tx) {
  Decoder d(in);
  std::string_view code;
  if (!GetStrings(&d, {&tx->tx_id, &tx->from_account, &tx->to_account}) || !d.GetBytes(3, &code)) {
    return Status::Corruption("cannot decode stored transaction");
  }
  auto currency = Currency::FromCode(code);
  if (!currency)
    return Status::Corruption("stored transaction " + tx->tx_id + " has an unknown currency");
  tx->amount.currency = *currency;
  if (!d.GetVarintSigned(&tx->amount.minor_units) || !d.GetVarintSigned(&tx->base_minor) ||
      !GetStrings(&d, {&tx->channel, &tx->reference, &tx->end_to_end_id, &tx->uetr}) ||
      !GetTail(&d, &tx->attributes, &tx->provenance)) {
    return Status::Corruption("cannot decode stored transaction " + tx->tx_id);
  }
  return Done(d, "transaction");
}

void EncodeNumberedTransaction(const Transaction& tx, uint32_t from, uint32_t to,
                               std::string* out) {
  PutString(out, tx.tx_id);
  PutVarint(out, from);
  PutVarint(out, to);
  out->append(tx.amount.currency.code());
  PutVarintSigned(out, tx.amount.minor_units);
  PutVarintSigned(out, tx.base_minor);
  PutStrings(out, {&tx.channel, &tx.reference, &tx.end_to_end_id, &tx.uetr});
  PutTail(out, tx.attributes, tx.provenance);
}

Status DecodeNumberedTransaction(std::string_view in, Transaction* tx, uint32_t* from,
                                 uint32_t* to) {
  Decoder d(in);
  uint64_t f = 0, t = 0;
  std::string_view code;
  if (!d.GetString(&tx->tx_id) || !d.GetVarint(&f) || !d.GetVarint(&t) || !d.GetBytes(3, &code) ||
      f > UINT32_MAX || t > UINT32_MAX) {
    return Status::Corruption("cannot decode stored transaction");
  }
  auto currency = Currency::FromCode(code);
  if (!currency)
    return Status::Corruption("stored transaction " + tx->tx_id + " has an unknown currency");
  tx->amount.currency = *currency;
  *from = static_cast<uint32_t>(f);
  *to = static_cast<uint32_t>(t);
  tx->from_account.clear();
  tx->to_account.clear();
  if (!d.GetVarintSigned(&tx->amount.minor_units) || !d.GetVarintSigned(&tx->base_minor) ||
      !GetStrings(&d, {&tx->channel, &tx->reference, &tx->end_to_end_id, &tx->uetr}) ||
      !GetTail(&d, &tx->attributes, &tx->provenance)) {
    return Status::Corruption("cannot decode stored transaction " + tx->tx_id);
  }
  return Done(d, "transaction");
}

void EncodeAccount(const Account& a, std::string* out) {
  PutStrings(out, {&a.account_id, &a.holder_id, &a.holder_name, &a.institution, &a.country,
                   &a.currency, &a.opening_balance, &a.opened, &a.closed, &a.kind});
  PutVarintSigned(out, a.opening_balance_base);
  PutTail(out, a.attributes, a.provenance);
}

Status DecodeAccount(std::string_view in, Account* a) {
  Decoder d(in);
  if (!GetStrings(&d, {&a->account_id, &a->holder_id, &a->holder_name, &a->institution, &a->country,
                       &a->currency, &a->opening_balance, &a->opened, &a->closed, &a->kind}) ||
      !d.GetVarintSigned(&a->opening_balance_base) ||
      !GetTail(&d, &a->attributes, &a->provenance)) {
    return Status::Corruption("cannot decode stored account");
  }
  return Done(d, "account");
}

void EncodeParty(const Party& p, std::string* out) {
  PutStrings(out, {&p.party_id, &p.name, &p.kind, &p.national_id, &p.phone, &p.email, &p.address,
                   &p.device, &p.nationality, &p.birth_date});
  PutTail(out, p.attributes, p.provenance);
}

Status DecodeParty(std::string_view in, Party* p) {
  Decoder d(in);
  if (!GetStrings(&d, {&p->party_id, &p->name, &p->kind, &p->national_id, &p->phone, &p->email,
                       &p->address, &p->device, &p->nationality, &p->birth_date}) ||
      !GetTail(&d, &p->attributes, &p->provenance)) {
    return Status::Corruption("cannot decode stored party");
  }
  return Done(d, "party");
}

void EncodeAsset(const Asset& a, std::string* out) {
  PutStrings(out, {&a.asset_id, &a.kind, &a.description, &a.owner_id, &a.value, &a.currency,
                   &a.registry_ref, &a.acquired_tx, &a.acquired_on, &a.account_id});
  PutTail(out, a.attributes, a.provenance);
}

Status DecodeAsset(std::string_view in, Asset* a) {
  Decoder d(in);
  if (!GetStrings(&d,
                  {&a->asset_id, &a->kind, &a->description, &a->owner_id, &a->value, &a->currency,
                   &a->registry_ref, &a->acquired_tx, &a->acquired_on, &a->account_id}) ||
      !GetTail(&d, &a->attributes, &a->provenance)) {
    return Status::Corruption("cannot decode stored asset");
  }
  return Done(d, "asset");
}

void EncodeCase(const Case& c, std::string* out) {
  PutStrings(out, {&c.case_id, &c.title, &c.opened, &c.jurisdiction});
  PutVarint(out, c.seeds.size());
  for (const Seed& s : c.seeds) PutStrings(out, {&s.tx_id, &s.amount, &s.claimant});
  PutTail(out, c.attributes, c.provenance);
}

Status DecodeCase(std::string_view in, Case* c) {
  Decoder d(in);
  uint64_t n = 0;
  if (!GetStrings(&d, {&c->case_id, &c->title, &c->opened, &c->jurisdiction}) || !d.GetVarint(&n) ||
      n > (1u << 24)) {
    return Status::Corruption("cannot decode stored case");
  }
  c->seeds.resize(n);
  for (Seed& s : c->seeds) {
    if (!GetStrings(&d, {&s.tx_id, &s.amount, &s.claimant})) {
      return Status::Corruption("cannot decode stored case seeds");
    }
  }
  if (!GetTail(&d, &c->attributes, &c->provenance))
    return Status::Corruption("cannot decode stored case");
  return Done(d, "case");
}

void EncodeSourceFile(const SourceFile& s, std::string* out) {
  PutVarint(out, s.source_id);
  PutStrings(out, {&s.name, &s.sha256, &s.loaded_at, &s.origin});
  PutVarint(out, s.size);
  PutVarint(out, static_cast<uint64_t>(s.kind));
  PutVarint(out, static_cast<uint64_t>(s.handling));
  PutVarint(out, (s.consent ? 1 : 0) | (s.complete ? 2 : 0));
  for (uint64_t v :
       {s.loaded, s.duplicates, s.conflicts, s.rejected, s.resume_line, s.resume_offset}) {
    PutVarint(out, v);
  }
}

Status DecodeSourceFile(std::string_view in, SourceFile* s) {
  Decoder d(in);
  uint64_t id, kind, handling, flags;
  bool ok = d.GetVarint(&id) && GetStrings(&d, {&s->name, &s->sha256, &s->loaded_at, &s->origin}) &&
            d.GetVarint(&s->size) && d.GetVarint(&kind) && d.GetVarint(&handling) &&
            d.GetVarint(&flags);
  for (uint64_t* v : {&s->loaded, &s->duplicates, &s->conflicts, &s->rejected, &s->resume_line,
                      &s->resume_offset}) {
    ok = ok && d.GetVarint(v);
  }
  if (!ok || kind > static_cast<uint64_t>(RecordKind::kFxRates) || handling > 1) {
    return Status::Corruption("cannot decode stored source file record");
  }
  s->source_id = static_cast<uint32_t>(id);
  s->kind = static_cast<RecordKind>(kind);
  s->handling = static_cast<Handling>(handling);
  s->consent = flags & 1;
  s->complete = flags & 2;
  return Done(d, "source file record");
}

}  // namespace moneytrail::storage
