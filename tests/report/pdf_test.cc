#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "engine/report/report_pdf.h"
#include "tests/report/sample_report.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::report {
namespace {

using testing::SampleReport;

// The extracted text is checked with poppler's tools, as a reader would see it.
bool HaveTool(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// stdout of `command`; the exit status into *status.
std::string Run(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int rc = pclose(pipe);
  *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

// Runs a poppler tool on `pdf`; poppler's warnings about libharu's ToUnicode
// CMap ("Invalid 'begincidrange' operator") go to stderr and are dropped.
std::string Poppler(const std::string& tool, const std::string& args, const std::string& pdf,
                    const std::string& output) {
  EXPECT_TRUE(HaveTool(tool)) << tool << " (Debian package poppler-utils) is required";
  moneytrail::testing::TempDir dir;
  const std::string path = dir.Write("report.pdf", pdf);
  int status = 0;
  std::string out = Run(tool + " " + args + " '" + path + "' " + output + " 2>/dev/null", &status);
  EXPECT_EQ(status, 0) << tool << " failed on the PDF";
  return out;
}

std::string PdfText(const std::string& pdf) { return Poppler("pdftotext", "-layout", pdf, "-"); }

int PageCount(const std::string& pdf) {
  std::istringstream info(Poppler("pdfinfo", "", pdf, ""));
  for (std::string line; std::getline(info, line);) {
    if (line.rfind("Pages:", 0) == 0) return std::atoi(line.c_str() + 6);
  }
  return -1;
}

// Runs of whitespace (spaces, newlines, form feeds) as one space.
std::string Squeeze(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return out;
}

std::string Render(const Report& report) {
  Result<std::string> pdf = RenderPdf(report);
  EXPECT_TRUE(pdf.ok()) << pdf.status().ToString();
  return pdf.ok() ? *pdf : std::string();
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(PdfReportTest, BytesAreOnePdfDocument) {
  const std::string pdf = Render(SampleReport());
  ASSERT_GT(pdf.size(), 1000u);
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  std::string tail = pdf.substr(pdf.size() - 7);
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  EXPECT_EQ(tail.substr(tail.size() - 5), "%%EOF");
}

TEST(PdfReportTest, SameReportGivesSameBytes) {
  const std::string first = Render(SampleReport());
  const std::string second = Render(SampleReport());
  EXPECT_TRUE(first == second) << "two renders differ (" << first.size() << " and " << second.size()
                               << " bytes)";
  EXPECT_EQ(first.find("/CreationDate"), std::string::npos);
  EXPECT_EQ(first.find("/ModDate"), std::string::npos);
  EXPECT_EQ(first.find("/ID"), std::string::npos);
}

TEST(PdfReportTest, TextContainsTheReconciliationLine) {
  const Report report = SampleReport();
  const std::string text = PdfText(Render(report));
  const std::string line = ReconciliationLine(report);
  // On one line of the page, not wrapped.
  bool found = false;
  std::istringstream lines(text);
  for (std::string l; std::getline(lines, l);)
    found = found || Squeeze(l).find(line) != std::string::npos;
  EXPECT_TRUE(found) << line;
}

TEST(PdfReportTest, TextContainsTheCaseIdAndTheTitleWithItsAccents) {
  const Report report = SampleReport();
  const std::string text = Squeeze(PdfText(Render(report)));
  EXPECT_NE(text.find("K-2024-001"), std::string::npos);
  EXPECT_NE(text.find("Domínguez"), std::string::npos);
  EXPECT_NE(text.find(report.header.title), std::string::npos);
  EXPECT_NE(text.find("Juan Pérez"), std::string::npos);
}

TEST(PdfReportTest, HostileNamesPrintAsPlainText) {
  const std::string text = Squeeze(PdfText(Render(SampleReport())));
  EXPECT_NE(text.find(testing::kScriptAccount), std::string::npos);
  EXPECT_NE(text.find(testing::kFormulaHolder), std::string::npos);
}

TEST(PdfReportTest, EverySectionTitleIsInTheTextInOrder) {
  const std::string text = PdfText(Render(SampleReport()));
  size_t at = 0;
  for (const char* title :
       {"1. Case", "2. Seeds: the ransom payments", "3. Tracing method and comparison",
        "4. Tracing schedule", "5. Reconciliation", "6. Terminal points", "7. Flags",
        "8. Flow of funds and timeline", "9. Annexes: mutual legal assistance", "10. Provenance"}) {
    const size_t next = text.find(title, at);
    ASSERT_NE(next, std::string::npos) << title << " missing or out of order";
    at = next;
  }
}

TEST(PdfReportTest, ChartsNameTheirColumnsNodesAndKinds) {
  const std::string text = PdfText(Render(SampleReport()));
  const size_t chart = text.find("8. Flow of funds and timeline");
  ASSERT_NE(chart, std::string::npos);
  const std::string part = Squeeze(text.substr(chart, text.find("9. Annexes") - chart));
  for (const char* word : {"Payers", "Hop 0", "Hop 1", "Exits", "ES11VICTIM1", "ES22COLLECT",
                           "Cash withdrawals", "AST-1-VEH", "296000.00", "cash withdrawal",
                           "asset purchase", "2024-03-13", "2024-03-20"}) {
    EXPECT_NE(part.find(word), std::string::npos) << word;
  }
}

TEST(PdfReportTest, WithheldNoticeIsPrintedAtTheTopAndInTheProvenance) {
  const Report report = SampleReport();
  const std::string text = Squeeze(PdfText(Render(report)));
  EXPECT_EQ(Occurrences(text, report.withheld.reason), 2u);
  EXPECT_EQ(Occurrences(text, "Withheld from this report"), 2u);
  EXPECT_LT(text.find("Withheld from this report"), text.find("1. Case"));
  EXPECT_NE(text.find("1 source, 1 transaction, 1 account, 0 parties, 0 assets"),
            std::string::npos);
}

TEST(PdfReportTest, NothingWithheldPrintsNoNotice) {
  Report report = SampleReport();
  report.withheld = {};
  const std::string text = PdfText(Render(report));
  EXPECT_EQ(text.find("Withheld from this report"), std::string::npos);
}

TEST(PdfReportTest, EveryPageHasTheRunningHeadAndItsNumber) {
  const std::string pdf = Render(SampleReport());
  const int pages = PageCount(pdf);
  ASSERT_GT(pages, 1);
  const std::string text = PdfText(pdf);
  EXPECT_EQ(Occurrences(text, "Evidence report"), static_cast<size_t>(pages) + 1);  // + the title
  for (int p = 1; p <= pages; ++p) {
    EXPECT_NE(text.find("page " + std::to_string(p)), std::string::npos) << p;
  }
}

TEST(PdfReportTest, MissingFontIsAnIOErrorNamingThePath) {
  PdfOptions options;
  options.font_path = "/nonexistent/moneytrail/Font.ttf";
  Result<std::string> pdf = RenderPdf(SampleReport(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kIOError);
  EXPECT_NE(pdf.status().message().find(options.font_path), std::string::npos);

  options = {};
  options.bold_font_path = "/nonexistent/moneytrail/Bold.ttf";
  pdf = RenderPdf(SampleReport(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find(options.bold_font_path), std::string::npos);
}

TEST(PdfReportTest, FileThatIsNotAFontIsAnIOErrorNamingThePath) {
  moneytrail::testing::TempDir dir;
  PdfOptions options;
  options.font_path = dir.Write("not-a-font.ttf", "this is not a TrueType font\n");
  Result<std::string> pdf = RenderPdf(SampleReport(), options);
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kIOError);
  EXPECT_NE(pdf.status().message().find(options.font_path), std::string::npos);
}

TEST(PdfReportTest, ReportWithoutScheduleFlagsOrAnnexesRenders) {
  Report report = SampleReport();
  report.schedule.clear();
  report.flags.clear();
  report.annexes.clear();
  report.terminals.clear();
  report.comparison = {};
  const std::string text = PdfText(Render(report));
  EXPECT_NE(text.find("The schedule is empty"), std::string::npos);
  EXPECT_NE(text.find("The rulebook raised no flag."), std::string::npos);
  EXPECT_NE(text.find("there is no annex"), std::string::npos);
  EXPECT_NE(text.find("10. Provenance"), std::string::npos);
}

TEST(PdfReportTest, DefaultReportRenders) {
  const std::string pdf = Render(Report{});
  EXPECT_EQ(pdf.substr(0, 5), "%PDF-");
  EXPECT_NE(PdfText(pdf).find("10. Provenance"), std::string::npos);
}

TEST(PdfReportTest, LongScheduleRunsOverPagesAndKeepsEveryRow) {
  Report report = SampleReport();
  const ScheduleRow flow = report.schedule[2];
  report.schedule.clear();
  for (int i = 0; i < 300; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "T-L%04d", i);
    ScheduleRow row = flow;
    row.tx_id = id;
    row.timestamp.micros += i * Timestamp::kMicrosPerSecond * 60;
    report.schedule.push_back(row);
  }
  const std::string pdf = Render(report);
  EXPECT_GT(PageCount(pdf), 8);
  const std::string text = PdfText(pdf);
  for (const ScheduleRow& row : report.schedule) {
    EXPECT_NE(text.find(row.tx_id), std::string::npos) << row.tx_id;
  }
  // The column headers repeat on every page of the schedule.
  EXPECT_GE(Occurrences(text, "To / asset"), 6u);
}

TEST(PdfReportTest, ControlCharactersAndMalformedUtf8PrintAsSomethingHarmless) {
  Report report = SampleReport();
  report.header.title = "Line one\nline two\ttab\x01 bad \xFF\xFE end \xF0\x9F\x98\x80 Ωμέγα";
  report.schedule[2].to_account = std::string(300, 'X');  // wider than any column
  const std::string text = Squeeze(PdfText(Render(report)));
  EXPECT_NE(text.find("Line one line two tab"), std::string::npos);
  EXPECT_NE(text.find("bad \xEF\xBF\xBD\xEF\xBF\xBD end \xEF\xBF\xBD \xCE\xA9"), std::string::npos);
  EXPECT_NE(text.find("Ωμέγα"), std::string::npos);
}

TEST(PdfReportTest, TextLongerThanLibharusStringLimitRenders) {
  Report report = SampleReport();
  report.schedule[2].to_account = std::string(70000, 'X');  // libharu refuses > 65535 bytes
  report.flags[0].legal_basis = std::string(70000, 'L');
  const std::string text = PdfText(Render(report));
  EXPECT_NE(text.find("XXXXXXXX"), std::string::npos);
  EXPECT_NE(text.find("10. Provenance"), std::string::npos);
}

}  // namespace
}  // namespace moneytrail::report
