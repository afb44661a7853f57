#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/report/chart_layout.h"
#include "engine/report/report_html.h"
#include "tests/report/sample_report.h"

namespace moneytrail::report {
namespace {

using testing::kFormulaHolder;
using testing::kScriptAccount;
using testing::SampleReport;

// A start tag as the checker saw it.
struct Tag {
  std::string name;                                             // lower case
  std::vector<std::pair<std::string, std::string>> attributes;  // names lower case
};

struct Parsed {
  std::string error;  // empty when the document is well-formed
  std::vector<Tag> tags;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// A small structural checker, strict enough for what RenderHtml() writes:
// every non-void element is closed, in order; "/>" only closes SVG elements;
// <style> is raw text; text holds no '<' or '>' and only well-formed
// character references.
Parsed Parse(std::string_view html) {
  static const std::set<std::string> kVoid = {"meta", "br",  "hr",   "img",  "input",
                                              "link", "col", "area", "base", "wbr"};
  static const std::set<std::string> kSvg = {"svg", "g", "path", "rect", "line", "text"};
  Parsed result;
  std::vector<std::string> open;
  auto fail = [&](size_t at, const std::string& why) {
    result.error = why + " at byte " + std::to_string(at);
    return result;
  };
  size_t i = 0;
  if (html.substr(0, 15) != "<!DOCTYPE html>") return fail(0, "no doctype");
  i = 15;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '>') return fail(i, "'>' in text");
    if (c == '&') {
      const size_t semi = html.find(';', i);
      if (semi == std::string_view::npos || semi - i > 10) return fail(i, "bare '&'");
      const std::string_view ref = html.substr(i + 1, semi - i - 1);
      const bool named = !ref.empty() && std::all_of(ref.begin(), ref.end(), [](char ch) {
        return std::isalpha(static_cast<unsigned char>(ch));
      });
      const bool numeric =
          ref.size() > 1 && ref[0] == '#' && std::all_of(ref.begin() + 1, ref.end(), [](char ch) {
            return std::isdigit(static_cast<unsigned char>(ch));
          });
      if (!named && !numeric) return fail(i, "bad reference");
      i = semi + 1;
      continue;
    }
    if (c != '<') {
      ++i;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t j = i + (closing ? 2 : 1);
    const size_t name_start = j;
    while (j < html.size() && IsNameChar(html[j])) ++j;
    const std::string name = Lower(html.substr(name_start, j - name_start));
    if (name.empty()) return fail(i, "'<' in text");
    if (closing) {
      if (j >= html.size() || html[j] != '>') return fail(i, "bad end tag");
      if (open.empty() || open.back() != name) {
        return fail(i, "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">");
      }
      open.pop_back();
      i = j + 1;
      continue;
    }
    Tag tag{name, {}};
    bool self_closing = false;
    while (true) {
      while (j < html.size() && std::isspace(static_cast<unsigned char>(html[j]))) ++j;
      if (j >= html.size()) return fail(i, "unterminated tag");
      if (html[j] == '>') break;
      if (html.substr(j, 2) == "/>") {
        self_closing = true;
        ++j;
        break;
      }
      const size_t attr_start = j;
      while (j < html.size() && !std::isspace(static_cast<unsigned char>(html[j])) &&
             html[j] != '=' && html[j] != '>' && html[j] != '/') {
        ++j;
      }
      std::string attr = Lower(html.substr(attr_start, j - attr_start));
      if (attr.empty()) return fail(j, "bad attribute");
      std::string value;
      if (j < html.size() && html[j] == '=') {
        if (++j >= html.size() || html[j] != '"') return fail(j, "unquoted attribute");
        const size_t end = html.find('"', j + 1);
        if (end == std::string_view::npos) return fail(j, "unterminated attribute");
        value = std::string(html.substr(j + 1, end - j - 1));
        if (value.find_first_of("<>") != std::string::npos) return fail(j, "'<' in attribute");
        j = end + 1;
      }
      tag.attributes.emplace_back(std::move(attr), std::move(value));
    }
    i = j + 1;
    result.tags.push_back(tag);
    if (self_closing) {
      if (!kSvg.count(name)) return fail(i, "<" + name + "/> outside SVG");
    } else if (name == "style") {
      const size_t end = html.find("</style>", i);
      if (end == std::string_view::npos) return fail(i, "unterminated <style>");
      i = end + 8;
    } else if (!kVoid.count(name)) {
      open.push_back(name);
    }
  }
  if (!open.empty()) return fail(html.size(), "<" + open.back() + "> never closed");
  return result;
}

size_t CountOf(std::string_view haystack, std::string_view needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The text from `start` up to and including the first `end` after it.
std::string Between(const std::string& html, std::string_view start, std::string_view end) {
  const size_t from = html.find(start);
  if (from == std::string::npos) return "";
  const size_t to = html.find(end, from);
  return to == std::string::npos ? "" : html.substr(from, to + end.size() - from);
}

const std::vector<std::string> kSectionIds = {
    "case",  "seeds",      "method",   "schedule", "reconciliation", "terminals",
    "flags", "flow-chart", "timeline", "annexes",  "provenance"};

TEST(HtmlReportTest, DocumentIsWellFormed) {
  const std::string html = RenderHtml(SampleReport());
  const Parsed parsed = Parse(html);
  EXPECT_EQ(parsed.error, "");
  ASSERT_FALSE(parsed.tags.empty());
  EXPECT_EQ(parsed.tags.front().name, "html");
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(html.back(), '\n');
}

TEST(HtmlReportTest, UsesOnlyElementsOfAReport) {
  static const std::set<std::string> kAllowed = {
      "html", "head", "meta", "title",  "style", "body",    "header", "nav",
      "ol",   "li",   "a",    "strong", "em",    "section", "h1",     "h2",
      "h3",   "h4",   "p",    "table",  "thead", "tbody",   "tfoot",  "tr",
      "th",   "td",   "span", "div",    "aside", "article", "figure", "figcaption",
      "svg",  "g",    "path", "rect",   "line",  "text"};
  for (const Tag& tag : Parse(RenderHtml(SampleReport())).tags) {
    EXPECT_TRUE(kAllowed.count(tag.name)) << tag.name;
  }
}

TEST(HtmlReportTest, ScriptAccountIsInertText) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_EQ(Lower(html).find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find(kScriptAccount), std::string::npos);
}

TEST(HtmlReportTest, HasNoEventHandlerAttributes) {
  const std::string html = RenderHtml(SampleReport());
  for (const Tag& tag : Parse(html).tags) {
    for (const auto& [name, value] : tag.attributes) {
      EXPECT_NE(name.substr(0, 2), "on") << "<" << tag.name << " " << name << ">";
    }
  }
  EXPECT_FALSE(std::regex_search(Lower(html), std::regex("\\son[a-z]+\\s*=")));
}

TEST(HtmlReportTest, LoadsNothingFromTheNetwork) {
  const std::string html = RenderHtml(SampleReport());
  for (const Tag& tag : Parse(html).tags) {
    EXPECT_NE(tag.name, "link");
    for (const auto& [name, value] : tag.attributes) {
      EXPECT_NE(name, "src");
      EXPECT_NE(name, "xmlns");
      if (name == "href") {
        EXPECT_EQ(value.substr(0, 1), "#") << value;
      }
    }
  }
  const std::string lower = Lower(html);
  EXPECT_EQ(lower.find("url("), std::string::npos);
  EXPECT_EQ(lower.find("@import"), std::string::npos);
  // The only URLs are the formula holder's, inside escaped text.
  size_t urls = 0;
  for (size_t at = lower.find("://"); at != std::string::npos; at = lower.find("://", at + 3)) {
    ++urls;
    ASSERT_GE(at, 10u);
    EXPECT_EQ(lower.substr(at - 10, 10), "&quot;http") << html.substr(at - 20, 60);
  }
  EXPECT_GT(urls, 0u);
}

TEST(HtmlReportTest, FormulaHolderAppearsOnlyEscaped) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_EQ(html.find(kFormulaHolder), std::string::npos);
  EXPECT_NE(html.find("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)"),
            std::string::npos);
}

TEST(HtmlReportTest, HostileTextEverywhereStaysInert) {
  const std::string evil = "\"'><img src=x onerror=alert(1)>&amp;</td></table>";
  Report r = SampleReport();
  r.currency = evil;
  r.header.case_id = r.header.title = r.header.opened = r.header.jurisdiction = evil;
  r.header.attributes.push_back({evil, evil});
  r.header.claimants.push_back(evil);
  r.header.ransom_by_currency.push_back({evil, evil});
  r.method = r.method_description = evil;
  r.seeds[0].reference = r.seeds[0].uetr = r.seeds[0].from_account = evil;
  r.comparison.methods[0].method = evil;
  r.comparison.rows[0].subject = r.comparison.rows[0].kind = evil;
  for (ScheduleRow& row : r.schedule) {
    row.tx_id = row.to_account = row.kind = evil;
    row.source.file = evil;
    row.by_claimant.push_back({evil, 1});
  }
  r.reconciliation.by_claimant[0].claimant = evil;
  r.reconciliation.inferred_funds = 1;
  for (Terminal& t : r.terminals) t.subject = t.holder = t.institution = t.country = evil;
  r.terminals.push_back({evil, evil, evil, evil, evil, true, 1, 1, evil});
  for (FlagRow& f : r.flags) {
    f.title = f.action = f.severity = f.subject_id = f.subject_kind = f.urgency = evil;
    f.legal_basis = f.sentence = evil;
    f.facts.push_back({evil, evil});
    f.tx_ids.push_back(evil);
    f.chain.push_back(evil);
  }
  r.annexes[0].state = r.annexes[0].facts = r.annexes[0].legal_basis = evil;
  r.annexes[0].measures.push_back(evil);
  r.annexes[0].accounts[0].account = evil;
  r.provenance.engine_version = r.provenance.rulebook_name = r.provenance.store_fingerprint = evil;
  r.provenance.parameters.push_back({evil, evil});
  r.provenance.sources[0].name = r.provenance.sources[0].origin = evil;
  r.withheld.reason = evil;

  const std::string html = RenderHtml(r);
  const Parsed parsed = Parse(html);
  EXPECT_EQ(parsed.error, "");
  for (const Tag& tag : parsed.tags) {
    EXPECT_NE(tag.name, "img");
    for (const auto& [name, value] : tag.attributes) EXPECT_NE(name, "onerror");
  }
  EXPECT_GT(CountOf(html, "&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;"), 20u);
}

TEST(HtmlReportTest, ControlCharactersAndInvalidUtf8BecomeReplacementCharacters) {
  Report r = SampleReport();
  r.header.title = std::string("bell\x07 nul") + '\0' + " bad\xFF\xC3 end\xE2\x82";
  const std::string html = RenderHtml(r);
  EXPECT_EQ(Parse(html).error, "");
  EXPECT_EQ(html.find('\x07'), std::string::npos);
  EXPECT_EQ(html.find('\0'), std::string::npos);
  EXPECT_EQ(html.find('\xFF'), std::string::npos);
  EXPECT_NE(html.find("bell\xEF\xBF\xBD nul\xEF\xBF\xBD bad\xEF\xBF\xBD\xEF\xBF\xBD end"),
            std::string::npos);
  EXPECT_NE(html.find("Pérez"), std::string::npos);  // valid UTF-8 passes through
}

TEST(HtmlReportTest, ArbitraryBytesKeepTheDocumentWellFormed) {
  std::mt19937 random(20240313);  // fixed seed: the same cases on every run
  auto bytes = [&] {
    static constexpr char kSpecial[] = "<>&\"'/=;#\n\t";
    std::string s;
    for (int n = static_cast<int>(random() % 24); n > 0; --n) {
      const uint32_t pick = random() % 4;
      s += pick == 0   ? kSpecial[random() % (sizeof kSpecial - 1)]
           : pick == 1 ? static_cast<char>(random() % 256)
                       : static_cast<char>('a' + random() % 26);
    }
    return s;
  };
  for (int round = 0; round < 50; ++round) {
    Report r = SampleReport();
    r.header.title = bytes();
    for (ScheduleRow& row : r.schedule) {
      row.from_account = bytes();
      row.to_account = bytes();
    }
    r.terminals[0].holder = bytes();
    r.flags[0].sentence = bytes();
    r.annexes[0].facts = bytes();
    r.withheld.reason = bytes();
    EXPECT_EQ(Parse(RenderHtml(r)).error, "") << "round " << round;
  }
}

TEST(HtmlReportTest, SectionsAppearInOrderWithTheirIds) {
  const std::string html = RenderHtml(SampleReport());
  size_t previous = 0;
  for (const std::string& id : kSectionIds) {
    const size_t at = html.find("<section id=\"" + id + "\">");
    ASSERT_NE(at, std::string::npos) << id;
    EXPECT_GT(at, previous) << id;
    previous = at;
  }
}

TEST(HtmlReportTest, ReconciliationLineIsShownVerbatimInItsOwnElement) {
  const Report r = SampleReport();
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<p id=\"reconciliation-line\">" + ReconciliationLine(r) + "</p>"),
            std::string::npos);
}

TEST(HtmlReportTest, InferredFundsWarningOnlyWhenFundsWereInferred) {
  Report r = SampleReport();
  EXPECT_EQ(RenderHtml(r).find("id=\"inferred-funds\""), std::string::npos);
  r.reconciliation.inferred_funds = 12345;
  r.reconciliation.inferred_accounts = 2;
  const std::string html = RenderHtml(r);
  const std::string warning = Between(html, "id=\"inferred-funds\"", "</div>");
  EXPECT_NE(warning.find("123.45 EUR"), std::string::npos) << warning;
  EXPECT_NE(warning.find("2 accounts"), std::string::npos) << warning;
}

TEST(HtmlReportTest, WithheldNoticeStandsAtTheTopAndInProvenance) {
  const Report r = SampleReport();
  const std::string html = RenderHtml(r);
  const size_t top = html.find("id=\"withheld-notice\"");
  const size_t bottom = html.find("id=\"withheld\"");
  ASSERT_NE(top, std::string::npos);
  ASSERT_NE(bottom, std::string::npos);
  EXPECT_LT(top, html.find("<section id=\"case\">"));
  EXPECT_GT(bottom, html.find("<section id=\"provenance\">"));
  std::string reason = r.withheld.reason;  // "sender's": the apostrophe comes escaped
  reason.replace(reason.find('\''), 1, "&#39;");
  EXPECT_EQ(CountOf(html, reason), 2u);
  EXPECT_NE(Between(html, "id=\"withheld-notice\"", "</aside>")
                .find("1 source, 1 transaction, 1 account"),
            std::string::npos);
}

TEST(HtmlReportTest, NoWithheldNoticeWhenNothingIsWithheld) {
  Report r = SampleReport();
  r.withheld = {};
  const std::string html = RenderHtml(r);
  EXPECT_EQ(html.find("id=\"withheld-notice\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"withheld\""), std::string::npos);
  EXPECT_EQ(html.find("Material withheld"), std::string::npos);
}

TEST(HtmlReportTest, TwoRendersGiveIdenticalBytes) {
  EXPECT_EQ(RenderHtml(SampleReport()), RenderHtml(SampleReport()));
}

TEST(HtmlReportTest, ReportWithoutScheduleFlagsOrAnnexesStillRendersEverySection) {
  Report r = SampleReport();
  r.schedule.clear();
  r.flags.clear();
  r.annexes.clear();
  r.terminals.clear();
  r.seeds.clear();
  r.comparison = {};
  for (const Report& report : {r, Report{}}) {
    const std::string html = RenderHtml(report);
    EXPECT_EQ(Parse(html).error, "");
    for (const std::string& id : kSectionIds) {
      EXPECT_NE(html.find("<section id=\"" + id + "\">"), std::string::npos) << id;
    }
    EXPECT_EQ(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("None: no rule of the rulebook applies."), std::string::npos);
  }
}

TEST(HtmlReportTest, FlowChartHasOnePathPerBand) {
  const Report r = SampleReport();
  const FlowChart chart = LayoutFlowChart(r);
  ASSERT_FALSE(chart.bands.empty());
  const std::string svg = Between(RenderHtml(r), "<svg id=\"flow-chart-svg\"", "</svg>");
  EXPECT_EQ(CountOf(svg, "<path "), chart.bands.size());
  EXPECT_EQ(CountOf(svg, "<rect ") - CountOf(Between(svg, "class=\"legend\"", "</g>"), "<rect "),
            chart.nodes.size());
  // The geometry is the layout's: the first band starts where the layout says.
  const ChartNode& from = chart.nodes[chart.bands[0].from];
  EXPECT_NE(svg.find("d=\"M" + std::to_string(from.x + from.width) + " " +
                     std::to_string(chart.bands[0].from_y) + "C"),
            std::string::npos);
}

TEST(HtmlReportTest, TimelineHasOneBarPerScheduleRow) {
  const Report r = SampleReport();
  const std::string marks = Between(Between(RenderHtml(r), "<svg id=\"timeline-svg\"", "</svg>"),
                                    "class=\"marks\"", "</g>");
  EXPECT_EQ(CountOf(marks, "<rect "), r.schedule.size());
}

TEST(HtmlReportTest, ChosenMethodColumnIsHighlighted) {
  const Report r = SampleReport();
  const std::string table = Between(RenderHtml(r), "<table class=\"comparison\">", "</table>");
  // The header, one cell per row, and held / exited / conserved.
  EXPECT_EQ(CountOf(table, "class=\"num chosen\""), 1 + r.comparison.rows.size() + 3);
  EXPECT_NE(table.find("<th class=\"num chosen\">libr"), std::string::npos);
}

TEST(HtmlReportTest, ScheduleMarksLowPointsAndSplitsByClaimant) {
  Report r = SampleReport();
  std::string schedule = Between(RenderHtml(r), "<section id=\"schedule\">", "</section>");
  // Two rows at a low point, plus the explanation above the table.
  EXPECT_EQ(CountOf(schedule, "<span class=\"marker low\">low point</span>"), 3u);
  EXPECT_NE(schedule.find("By claimant"), std::string::npos);
  EXPECT_NE(schedule.find("V1 126689.19"), std::string::npos);
  EXPECT_NE(schedule.find("transactions.csv:4"), std::string::npos);
  r.header.claimants = {"V1"};
  schedule = Between(RenderHtml(r), "<section id=\"schedule\">", "</section>");
  EXPECT_EQ(schedule.find("By claimant"), std::string::npos);
}

TEST(HtmlReportTest, ForeignTerminalsAreMarkedForMla) {
  const std::string terminals =
      Between(RenderHtml(SampleReport()), "<section id=\"terminals\">", "</section>");
  // The one foreign account, and the sentence that explains the marker.
  EXPECT_EQ(CountOf(terminals, "<span class=\"marker mla\">MLA</span>"), 2u);
}

TEST(HtmlReportTest, EachAnnexIsAnArticleOnItsOwnPage) {
  Report r = SampleReport();
  r.annexes.push_back(r.annexes[0]);
  r.annexes[1].state = "PA";
  const std::string html = RenderHtml(r);
  EXPECT_NE(html.find("<article class=\"annex\" id=\"annex-1\">"), std::string::npos);
  EXPECT_NE(html.find("<article class=\"annex\" id=\"annex-2\">"), std::string::npos);
  EXPECT_NE(html.find(".annex + .annex"), std::string::npos);
}

TEST(HtmlReportTest, PrintsOnA4WithRepeatedTableHeads) {
  const std::string style = Between(RenderHtml(SampleReport()), "<style>", "</style>");
  EXPECT_NE(style.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(style.find("break-before: page"), std::string::npos);
  EXPECT_NE(style.find("thead { display: table-header-group; }"), std::string::npos);
  EXPECT_NE(style.find("break-inside: avoid"), std::string::npos);
}

TEST(HtmlReportTest, AmountsCarryTheCurrency) {
  const std::string html = RenderHtml(SampleReport());
  EXPECT_NE(html.find("150000.00 EUR"), std::string::npos);  // the freeze flag
  EXPECT_NE(html.find("Proceeds held there</th><td>150000.00 EUR"), std::string::npos);
}

}  // namespace
}  // namespace moneytrail::report
