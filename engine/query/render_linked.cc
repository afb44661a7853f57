#include "engine/query/query_render.h"
#include "engine/query/render_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::query {
namespace {

using internal::Json;

std::string AsJson(const LinkedResult& r) {
  Json j;
  j["query"] = "linked";
  j["id"] = r.query;
  j["party_id"] = trace::internal::NullIfEmpty(r.party_id);
  j["parties"] = r.parties;
  j["found"] = r.found;
  j["truncated"] = r.truncated();
  j["max_parties_per_identifier"] = r.max_parties_per_identifier;
  j["accounts"] = Json::array();
  for (const LinkedAccount& a : r.accounts) {
    Json links = Json::array();
    for (const Link& l : a.links) {
      links.push_back(
          {{"kind", std::string(LinkKindName(l.kind))}, {"value", l.value}, {"with", l.with}});
    }
    j["accounts"].push_back({{"account", a.account_id},
                             {"holder_id", trace::internal::NullIfEmpty(a.holder_id)},
                             {"holder_name", trace::internal::NullIfEmpty(a.holder_name)},
                             {"distance", a.distance},
                             {"links", std::move(links)}});
  }
  j["ignored"] = Json::array();
  for (const IgnoredIdentifier& i : r.ignored) {
    j["ignored"].push_back({{"kind", std::string(IdentifierKindName(i.kind))},
                            {"value", i.value},
                            {"parties", i.parties}});
  }
  return trace::internal::Dump(j);
}

std::string LinkText(const Link& l) {
  return std::string(LinkKindName(l.kind)) + " " + l.value + " (" + internal::Join(l.with, ", ") +
         ")";
}

std::string AsTable(const LinkedResult& r) {
  std::string out =
      "Linked to " + r.query +
      (r.party_id.empty() ? std::string(" (no holder)") : " (party " + r.party_id + ")") + ": " +
      std::to_string(r.found) + (r.found == 1 ? " account, " : " accounts, ") +
      std::to_string(r.parties) + (r.parties == 1 ? " party\n\n" : " parties\n\n");
  trace::TextTable t({"DIST", "ACCOUNT", "HOLDER", "NAME", "LINKS"}, {true});
  for (const LinkedAccount& a : r.accounts) {
    std::vector<std::string> links;
    for (const Link& l : a.links) links.push_back(LinkText(l));
    t.AddRow({std::to_string(a.distance), a.account_id, a.holder_id, a.holder_name,
              internal::Join(links, "; ")});
  }
  out += t.Render();
  if (!r.ignored.empty()) {
    out += "\nToo common to link (held by more than " +
           std::to_string(r.max_parties_per_identifier) + " parties)\n";
    trace::TextTable ig({"KIND", "VALUE", "PARTIES"}, {false, false, true});
    for (const IgnoredIdentifier& i : r.ignored) {
      ig.AddRow({std::string(IdentifierKindName(i.kind)), i.value, std::to_string(i.parties)});
    }
    out += ig.Render();
  }
  return out + TruncationNote(r);
}

std::string AsCsv(const LinkedResult& r) {
  std::string out = internal::CsvLine(
      {"account", "holder_id", "holder_name", "distance", "link_kind", "link_value", "with"});
  for (const LinkedAccount& a : r.accounts) {
    std::vector<internal::Cell> row = {a.account_id, a.holder_id, a.holder_name,
                                       internal::Num(static_cast<uint64_t>(a.distance))};
    if (a.links.empty()) out += internal::CsvLine({row[0], row[1], row[2], row[3], "", "", ""});
    for (const Link& l : a.links) {
      out += internal::CsvLine({row[0], row[1], row[2], row[3], std::string(LinkKindName(l.kind)),
                                l.value, internal::Join(l.with, " ")});
    }
  }
  return out;
}

}  // namespace

std::string RenderLinked(const LinkedResult& r, OutputFormat format) {
  return internal::InFormat(
      format, [&] { return AsTable(r); }, [&] { return AsJson(r); }, [&] { return AsCsv(r); });
}

std::string TruncationNote(const LinkedResult& r) {
  if (!r.truncated()) return "";
  return "note: " + std::to_string(r.accounts.size()) + " of " + std::to_string(r.found) +
         " linked accounts shown (limit " + std::to_string(r.accounts.size()) + ")\n";
}

}  // namespace moneytrail::query
