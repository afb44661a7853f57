// Internal to report_pdf.cc: the page, text and table primitives the PDF
// exporter's sections are written in, over one libharu document.
//
// Coordinates are points from the page's top-left corner, y downwards, like
// chart_layout.h; the writer flips them for PDF. A cursor (y()) moves down as
// blocks are added; a block that does not fit below it starts a new page,
// which gets the running head and foot. libharu errors are recorded by its
// error handler and reported once, by Finish(), so drawing calls return nothing.
//
// Not thread-safe; one writer per document.
#ifndef MONEYTRAIL_ENGINE_REPORT_PDF_WRITER_H_
#define MONEYTRAIL_ENGINE_REPORT_PDF_WRITER_H_

#include <hpdf.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::report::pdf {

struct Rgb {
  float r = 0, g = 0, b = 0;
};
inline constexpr Rgb kBlack{0, 0, 0};
inline constexpr Rgb kGrey{0.4f, 0.4f, 0.4f};
inline constexpr Rgb kRed{0.7f, 0.05f, 0.05f};
inline constexpr char kEllipsis[] = "\xE2\x80\xA6";  // U+2026, marks cut text

enum class Face { kRegular, kBold };
enum class Align { kLeft, kRight, kCenter };

struct Column {
  std::string title;
  float weight = 1;  // share of the table's width
  Align align = Align::kLeft;
  Face face = Face::kRegular;
};

struct TableRow {
  std::vector<std::string> cells;  // one per column; '\n' breaks a line
  bool bold = false;
};

// Valid, printable UTF-8: control characters become spaces ('\n' kept when
// `keep_newlines`), malformed bytes U+FFFD. (pdf_text.cc, with the Writer's
// TextWidth, Fit and Wrap.)
std::string CleanText(const std::string& text, bool keep_newlines);

class Writer {
 public:
  static constexpr float kPageWidth = 595.276f;  // A4
  static constexpr float kPageHeight = 841.89f;
  static constexpr float kMargin = 50;

  // `running_head` is printed at the top and foot of every page (cut with "…"
  // if longer than the line).
  explicit Writer(std::string running_head);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Creates the document and loads both fonts. IOError naming the path when a
  // font is unreadable or not a TrueType font; Internal if libharu fails.
  Status Open(const std::string& font_path, const std::string& bold_font_path);

  // The document's bytes, or Internal if any libharu call failed on the way.
  Result<std::string> Finish();

  // Geometry of the text block.
  float left() const { return kMargin; }
  float width() const { return kPageWidth - 2 * kMargin; }
  float top() const { return kMargin + 12; }
  float bottom() const { return kPageHeight - kMargin - 6; }
  float y() const { return y_; }

  void NewPage();
  // Starts a new page unless `height` points fit below the cursor.
  void EnsureSpace(float height);
  void Skip(float height) { y_ += height; }

  // Blocks, placed at the cursor, which they move past themselves.
  void Title(const std::string& text);
  void Heading(const std::string& text);     // a numbered section
  void Subheading(const std::string& text);  // kept with what follows
  void Paragraph(const std::string& text, float size = 9, Face face = Face::kRegular,
                 Rgb color = kBlack);
  // One line: shrinks the font (down to 5 pt) rather than wrap it.
  void Line(const std::string& text, float size, Face face, Rgb color = kBlack);
  // Labels in bold on the left, values wrapped on the right.
  using KeyValueList = std::vector<std::pair<std::string, std::string>>;
  void KeyValues(const KeyValueList& pairs, float size = 9);
  // The height KeyValues(pairs, size) takes, to keep a block on one page.
  float KeyValuesHeight(const KeyValueList& pairs, float size = 9) const;
  // A framed, shaded box with a bold title and a wrapped paragraph.
  void Notice(const std::string& title, const std::string& text);
  // Cells wrap within their column; a row never splits; the header row is
  // repeated at the top of each page the table continues on.
  void Table(const std::vector<Column>& columns, const std::vector<TableRow>& rows, float size);

  // Drawing at absolute positions (top-left origin, y down), for charts.
  void FillRect(float x, float y, float w, float h, Rgb fill);
  void StrokeRect(float x, float y, float w, float h, Rgb stroke, float line_width);
  void DrawLine(float x1, float y1, float x2, float y2, Rgb stroke, float line_width);
  // A filled band from the vertical segment x1,[y1, y1 + thickness] to
  // x2,[y2, y2 + thickness], its edges cubic curves with horizontal tangents.
  void FillBand(float x1, float y1, float x2, float y2, float thickness, Rgb fill);
  // Text whose baseline is at `y`, `x` being its left, right or centre.
  void Text(float x, float y, const std::string& text, float size, Face face, Align align,
            Rgb color = kBlack);

  float TextWidth(const std::string& text, float size, Face face) const;
  // `text` cut to `width` with a trailing "…" when it is wider.
  std::string Fit(const std::string& text, float width, float size, Face face) const;
  // Lines of at most `width` points: breaks at spaces, then inside words
  // (after punctuation if possible), and at every '\n'.
  std::vector<std::string> Wrap(const std::string& text, float width, float size, Face face) const;

 private:
  static void OnError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data);
  HPDF_Font font(Face face) const { return face == Face::kBold ? bold_ : regular_; }
  float Flip(float y) const { return kPageHeight - y; }
  float LabelWidth(const KeyValueList& pairs, float size) const;

  std::string running_head_;
  HPDF_Doc doc_ = nullptr;
  HPDF_Font regular_ = nullptr;
  HPDF_Font bold_ = nullptr;
  HPDF_Page page_ = nullptr;
  int page_number_ = 0;
  float y_ = 0;
  HPDF_STATUS error_no_ = HPDF_OK;  // the first error libharu reported
  HPDF_STATUS detail_no_ = HPDF_OK;
};

}  // namespace moneytrail::report::pdf

#endif  // MONEYTRAIL_ENGINE_REPORT_PDF_WRITER_H_
