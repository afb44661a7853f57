#include "ingest/json_records.h"

#include <nlohmann/json.hpp>

#include "engine/core/amount.h"

namespace moneytrail::ingest {
namespace {

using nlohmann::json;

// Collects a flat object; refuses nesting. Numbers keep their literal text.
class FlatSax : public nlohmann::json_sax<json> {
 public:
  std::vector<std::string>* keys;
  std::vector<std::string>* values;
  std::string error;
  int depth = 0;
  bool expecting_value = false;

  bool Value(std::string v) {
    if (depth != 1 || !expecting_value) return Fail("is not a JSON object of fields");
    values->push_back(std::move(v));
    expecting_value = false;
    return true;
  }
  bool Fail(std::string why) {
    if (error.empty()) error = std::move(why);
    return false;
  }
  bool null() override { return Value(""); }
  bool boolean(bool v) override { return Value(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return Value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& s) override { return Value(s); }
  bool string(string_t& v) override { return Value(std::move(v)); }
  bool binary(binary_t&) override { return Fail("binary values are not supported"); }
  bool start_object(std::size_t) override {
    if (depth > 0)
      return Fail("field '" + (keys->empty() ? "" : keys->back()) + "' has a nested object");
    ++depth;
    return true;
  }
  bool key(string_t& k) override {
    keys->push_back(k);
    expecting_value = true;
    return true;
  }
  bool end_object() override {
    --depth;
    return true;
  }
  bool start_array(std::size_t) override {
    return Fail(depth == 0 ? "is an array, not an object"
                           : "field '" + keys->back() + "' has a nested array");
  }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    if (ex.id == 406)
      return Fail("a number is out of range (" + what.substr(what.find(']') + 2) + ")");
    return Fail("is not valid JSON: " + what.substr(what.find(']') + 2));
  }
};

}  // namespace

bool ParseFlatObject(std::string_view text, std::vector<std::string>* keys,
                     std::vector<std::string>* values, std::string* error) {
  keys->clear();
  values->clear();
  FlatSax sax;
  sax.keys = keys;
  sax.values = values;
  size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || text[first] != '{') {
    *error = "is not a JSON object";
    return false;
  }
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const json::exception& e) {
    sax.Fail(std::string("is not valid JSON: ") + e.what());
  }
  if (!ok || !sax.error.empty()) {
    *error = sax.error.empty() ? "is not valid JSON" : sax.error;
    return false;
  }
  return true;
}

static std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool LooksLikeCasesDocument(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos || text[i] != '{') return false;
  i = text.find_first_not_of(" \t\r\n", i + 1);
  return i != std::string_view::npos && text.substr(i, 7) == "\"cases\"";
}

Result<std::vector<JsonElement>> SplitCasesDocument(std::string_view text,
                                                    const std::string& file) {
  // Validate the whole document first, so the scan below can trust the syntax.
  try {
    json doc = json::parse(text);
    if (!doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
      return Status::DataError(file + ":1: not a cases document: expected {\"cases\": [...]}");
    }
  } catch (const json::exception& e) {
    return Status::DataError(file + ": not valid JSON: " + e.what());
  }
  std::vector<JsonElement> out;
  uint64_t line = 1;
  int depth = 0;
  bool in_string = false, escaped = false, in_cases = false;
  size_t element_start = std::string_view::npos;
  uint64_t element_line = 0;
  std::string last_key;
  size_t key_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"') {
        in_string = false;
        if (depth == 1) last_key = std::string(text.substr(key_start, i - key_start));
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      key_start = i + 1;
      if (in_cases && depth == 2 && element_start == std::string_view::npos) {
        element_start = i;
        element_line = line;
      }
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth == 1 && c == '[' && last_key == "cases")
        in_cases = true;
      else if (in_cases && depth == 2 && element_start == std::string_view::npos) {
        element_start = i;
        element_line = line;
      }
      ++depth;
    } else if (c == '}' || c == ']') {
      if (c == ']' && in_cases && depth == 2 && element_start != std::string_view::npos) {
        // A scalar last element ends at the closing bracket.
        out.push_back({element_line, TrimRight(text.substr(element_start, i - element_start))});
        element_start = std::string_view::npos;
      }
      --depth;
      if (in_cases && depth == 2 && element_start != std::string_view::npos) {
        out.push_back({element_line, text.substr(element_start, i + 1 - element_start)});
        element_start = std::string_view::npos;
      }
      if (in_cases && depth == 1) in_cases = false;
    } else if (in_cases && depth == 2 && c == ',' && element_start != std::string_view::npos) {
      // A scalar element (not an object): ends at the comma.
      out.push_back({element_line, TrimRight(text.substr(element_start, i - element_start))});
      element_start = std::string_view::npos;
    } else if (in_cases && depth == 2 && element_start == std::string_view::npos && c != ' ' &&
               c != '\n' && c != '\r' && c != '\t' && c != ',') {
      element_start = i;
      element_line = line;
    }
  }
  return out;
}

bool ParseCase(std::string_view raw, Case* c, std::string* field, std::string* reason) {
  *c = Case();
  json j;
  try {
    j = json::parse(raw);
  } catch (const json::exception& e) {
    *field = "case";
    *reason = std::string("is not valid JSON: ") + e.what();
    return false;
  }
  auto fail = [&](std::string f, std::string r) {
    *field = std::move(f);
    *reason = std::move(r);
    return false;
  };
  if (!j.is_object()) return fail("case", "is not a JSON object");
  auto text = [&](const char* key, std::string* out) {
    if (!j.contains(key) || j[key].is_null()) return true;
    if (!j[key].is_string()) return false;
    *out = j[key].get<std::string>();
    return true;
  };
  for (auto [key, out] : {std::pair<const char*, std::string*>{"case_id", &c->case_id},
                          {"title", &c->title},
                          {"opened", &c->opened},
                          {"jurisdiction", &c->jurisdiction}}) {
    if (!text(key, out)) return fail(key, "must be a string");
  }
  if (c->case_id.empty()) return fail("case_id", "is missing or empty");
  if (!c->opened.empty() && !ParseTimestamp(c->opened).ok()) {
    return fail("opened", ParseTimestamp(c->opened).status().message());
  }
  if (!j.contains("seeds") || !j["seeds"].is_array() || j["seeds"].empty()) {
    return fail("seeds", "must be a non-empty array of {\"tx_id\": ...}");
  }
  size_t index = 0;
  for (const json& s : j["seeds"]) {
    std::string where = "seeds[" + std::to_string(index++) + "]";
    if (!s.is_object() || !s.contains("tx_id") || !s["tx_id"].is_string() ||
        s["tx_id"].get<std::string>().empty()) {
      return fail(where + ".tx_id", "is missing or not a string");
    }
    Seed seed;
    seed.tx_id = s["tx_id"].get<std::string>();
    if (s.contains("amount") && !s["amount"].is_null()) {
      seed.amount = s["amount"].is_string() ? s["amount"].get<std::string>() : s["amount"].dump();
      auto parsed = ParseMinorUnits(seed.amount, 4);
      if (!parsed.ok()) return fail(where + ".amount", parsed.status().message());
      if (*parsed == 0) return fail(where + ".amount", "is zero; a seed amount must be positive");
    }
    if (s.contains("claimant") && !s["claimant"].is_null()) {
      if (!s["claimant"].is_string()) return fail(where + ".claimant", "must be a string");
      seed.claimant = s["claimant"].get<std::string>();
    }
    c->seeds.push_back(std::move(seed));
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "case_id" && key != "title" && key != "opened" && key != "jurisdiction" &&
        key != "seeds") {
      c->attributes.emplace_back(key, value.dump());
    }
  }
  return true;
}

}  // namespace moneytrail::ingest
