// ApiState and the helpers every part of the API uses: pages, cursors,
// scope, caches.
#include <algorithm>

#include "tools/serve/api_internal.h"

namespace moneytrail::serve::internal {

namespace {

constexpr std::string_view kCursorPrefix = "v1:";
constexpr size_t kCacheEntries = 64;

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64Url(std::string_view bytes) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kBase64Url[(acc << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* p = std::find(kBase64Url, kBase64Url + 64, c);
    if (p == kBase64Url + 64) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(p - kBase64Url);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace

std::string EncodeCursor(size_t offset) {
  return Base64Url(std::string(kCursorPrefix) + std::to_string(offset));
}

Result<size_t> DecodeCursor(std::string_view cursor) {
  const Status bad = Status::Usage("cursor: not a cursor this API gave out");
  auto text = FromBase64Url(cursor);
  if (!text || !text->starts_with(kCursorPrefix) || text->size() > 24) return bad;
  std::string_view digits = std::string_view(*text).substr(kCursorPrefix.size());
  if (digits.empty()) return bad;
  size_t offset = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return bad;
    offset = offset * 10 + static_cast<size_t>(c - '0');
  }
  return offset;
}

void ApplyPage(Json* doc, const char* field, const Page& page, bool more) {
  Json& list = (*doc)[field];
  Json kept = Json::array();
  for (size_t i = page.offset; i < list.size() && i < page.end(); ++i) {
    kept.push_back(std::move(list[i]));
  }
  more = more || list.size() > page.end();
  list = std::move(kept);
  // The engine was asked for more rows than a page (to know if there are
  // more, or to filter by scope); the limit the caller sees is the page's.
  if (doc->contains("limit")) (*doc)["limit"] = page.limit;
  (*doc)["page"] = {{"limit", page.limit},
                    {"next_cursor", more ? Json(EncodeCursor(page.end())) : Json(nullptr)}};
}

Status NotFoundError(const std::string& what, const std::string& id) {
  return Status::NotFound("no " + what + " '" + id + "'");
}

HttpResponse JsonAnswer(const Json& doc) {
  return JsonAnswer(doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n");
}

HttpResponse JsonAnswer(std::string text) {
  HttpResponse r;
  r.body = std::move(text);
  return r;
}

ApiState::ApiState(const storage::Store* store, Users users, ApiOptions options,
                   rules::Rulebook book)
    : store_(store),
      users_(std::move(users)),
      options_(std::move(options)),
      audit_log_(options_.store_dir, options_.audit),
      committer_(&audit_log_),
      limiter_(options_.rate_limit),
      rulebook_(std::move(book)),
      scope_(store) {}

Result<Page> ApiState::PageOf(const Call& call) const {
  Page page;
  page.limit = options_.page_default;
  if (std::string limit = call.Query("limit"); !limit.empty()) {
    size_t n = 0;
    bool digits = limit.size() <= 9;
    for (char c : limit) {
      digits = digits && c >= '0' && c <= '9';
      if (digits) n = n * 10 + static_cast<size_t>(c - '0');
    }
    if (!digits || n < 1 || n > options_.page_max) {
      return Status::Usage("limit: '" + limit + "' is not between 1 and " +
                           std::to_string(options_.page_max));
    }
    page.limit = n;
  }
  if (std::string cursor = call.Query("cursor"); !cursor.empty()) {
    ASSIGN_OR_RETURN(page.offset, DecodeCursor(cursor));
  }
  return page;
}

bool ApiState::MaySeeCase(const User& user, const std::string& case_id) const {
  if (user.reads_all_data()) return true;
  if (!user.reads_assigned_cases()) return false;
  return std::find(user.cases.begin(), user.cases.end(), case_id) != user.cases.end();
}

Result<std::shared_ptr<const AccountSet>> ApiState::VisibleAccounts(const User& user) {
  if (user.reads_all_data()) return std::shared_ptr<const AccountSet>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = visible_.find(user.name);
    if (it != visible_.end()) return it->second;
  }
  auto all = std::make_shared<AccountSet>();
  for (const std::string& c : user.cases) {
    auto accounts = scope_.AccountsOf(c);
    if (!accounts.ok()) {
      if (accounts.status().code() == StatusCode::kNotFound) continue;  // not in this store
      return accounts.status();
    }
    all->insert((*accounts)->begin(), (*accounts)->end());
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = visible_.emplace(user.name, std::move(all));
  return it->second;
}

Result<std::shared_ptr<const std::vector<uint32_t>>> ApiState::VisibleAccountNumbers(
    const User& user) {
  ASSIGN_OR_RETURN(auto visible, VisibleAccounts(user));
  if (!visible) return std::shared_ptr<const std::vector<uint32_t>>();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = visible_numbers_.find(user.name);
    if (it != visible_numbers_.end()) return it->second;
  }
  auto numbers = std::make_shared<std::vector<uint32_t>>();
  numbers->reserve(visible->size());
  for (const std::string& a : *visible) {
    ASSIGN_OR_RETURN(auto number, store_->AccountNumberOf(a));
    if (number) numbers->push_back(*number);
  }
  std::sort(numbers->begin(), numbers->end());
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = visible_numbers_.emplace(user.name, std::move(numbers));
  return it->second;
}

Result<bool> ApiState::MaySeeAccount(const User& user, const std::string& account) {
  if (user.reads_all_data()) return true;
  if (!user.reads_assigned_cases()) return false;
  ASSIGN_OR_RETURN(auto visible, VisibleAccounts(user));
  return visible->count(account) > 0;
}

Result<const query::LinkIndex*> ApiState::Links() {
  std::lock_guard<std::mutex> lock(links_mu_);
  if (!links_) {
    ASSIGN_OR_RETURN(links_, query::LinkIndex::Build(*store_, query::LinkOptions()));
  }
  return links_.get();
}

Result<const query::AccountGraph*> ApiState::Graph() {
  std::lock_guard<std::mutex> lock(graph_mu_);
  if (!graph_) {
    ASSIGN_OR_RETURN(graph_, query::AccountGraph::Build(*store_));
  }
  return graph_.get();
}

std::optional<std::string> ApiState::Cached(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(key);
  if (it == cache_.end()) return std::nullopt;
  return it->second;
}

void ApiState::Cache(const std::string& key, std::string value) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!cache_.emplace(key, std::move(value)).second) return;
  cache_order_.push_back(key);
  if (cache_order_.size() > kCacheEntries) {
    cache_.erase(cache_order_.front());
    cache_order_.erase(cache_order_.begin());
  }
}

}  // namespace moneytrail::serve::internal
