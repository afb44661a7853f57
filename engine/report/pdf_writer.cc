#include "engine/report/pdf_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace moneytrail::report::pdf {
namespace {

constexpr Rgb kRule{0.55f, 0.55f, 0.55f};
constexpr Rgb kHeaderFill{0.86f, 0.89f, 0.93f};
constexpr Rgb kStripe{0.955f, 0.955f, 0.955f};
constexpr Rgb kNoticeFill{1.0f, 0.96f, 0.84f};
constexpr Rgb kNoticeFrame{0.75f, 0.55f, 0.1f};

float LineHeight(float size) { return size * 1.25f; }
// From the top of a line box to its baseline.
float Ascent(float size) { return size * 0.93f; }

std::string Hex(HPDF_STATUS n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%04lX", static_cast<unsigned long>(n));
  return buf;
}

}  // namespace

Writer::Writer(std::string running_head) : running_head_(std::move(running_head)) {}

Writer::~Writer() {
  if (doc_ != nullptr) HPDF_Free(doc_);
}

void Writer::OnError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* self = static_cast<Writer*>(user_data);
  if (self->error_no_ != HPDF_OK) return;  // keep the first: later ones follow from it
  self->error_no_ = error_no;
  self->detail_no_ = detail_no;
}

Status Writer::Open(const std::string& font_path, const std::string& bold_font_path) {
  doc_ = HPDF_New(&Writer::OnError, this);
  if (doc_ == nullptr) return Status::Internal("libharu could not create a PDF document");
  HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc_);
  const char* names[2] = {nullptr, nullptr};
  const std::string* paths[2] = {&font_path, &bold_font_path};
  for (int i = 0; i < 2; ++i) {
    if (i == 1 && bold_font_path == font_path) {
      names[1] = names[0];
      break;
    }
    const std::string& path = *paths[i];
    std::FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe == nullptr) {
      return Status::IOError("cannot read font file '" + path + "': " + std::strerror(errno));
    }
    std::fclose(probe);
    names[i] = HPDF_LoadTTFontFromFile(doc_, path.c_str(), HPDF_TRUE);
    if (names[i] == nullptr) {
      return Status::IOError("font file '" + path +
                             "' is not a TrueType font libharu can embed (libharu error " +
                             Hex(error_no_) + ")");
    }
  }
  regular_ = HPDF_GetFont(doc_, names[0], "UTF-8");
  bold_ = HPDF_GetFont(doc_, names[1], "UTF-8");
  if (regular_ == nullptr || bold_ == nullptr || error_no_ != HPDF_OK) {
    return Status::Internal("libharu could not set up the fonts (error " + Hex(error_no_) + ")");
  }
  return Status::Ok();
}

Result<std::string> Writer::Finish() {
  if (error_no_ == HPDF_OK) HPDF_SaveToStream(doc_);
  std::string bytes;
  if (error_no_ == HPDF_OK) {
    HPDF_UINT32 size = HPDF_GetStreamSize(doc_);
    bytes.resize(size);
    HPDF_UINT32 read = size;
    HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &read);
    if (error_no_ == HPDF_OK && read != size) {
      return Status::Internal("libharu returned " + std::to_string(read) + " of " +
                              std::to_string(size) + " bytes");
    }
  }
  if (error_no_ != HPDF_OK) {
    return Status::Internal("libharu failed to render the PDF (error " + Hex(error_no_) +
                            ", detail " + std::to_string(detail_no_) + ")");
  }
  return bytes;
}

void Writer::NewPage() {
  page_ = HPDF_AddPage(doc_);
  y_ = top();
  if (page_ == nullptr) return;  // recorded by OnError
  HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  ++page_number_;
  const float right = left() + width();
  const std::string head = Fit(running_head_, width() - 120, 8, Face::kRegular);
  Text(left(), kMargin - 14, "Evidence report", 8, Face::kBold, Align::kLeft, kGrey);
  Text(right, kMargin - 14, head, 8, Face::kRegular, Align::kRight, kGrey);
  DrawLine(left(), kMargin - 8, right, kMargin - 8, kRule, 0.5f);
  const float foot = kPageHeight - kMargin + 18;
  DrawLine(left(), foot - 12, right, foot - 12, kRule, 0.5f);
  Text(left(), foot, head, 8, Face::kRegular, Align::kLeft, kGrey);
  Text(right, foot, "page " + std::to_string(page_number_), 8, Face::kRegular, Align::kRight,
       kGrey);
}

void Writer::EnsureSpace(float height) {
  if (page_ == nullptr || y_ + height > bottom()) NewPage();
}

void Writer::Title(const std::string& text) {
  for (const std::string& line : Wrap(text, width(), 16, Face::kBold)) {
    EnsureSpace(LineHeight(16));
    Text(left(), y_ + Ascent(16), line, 16, Face::kBold, Align::kLeft);
    y_ += LineHeight(16);
  }
  y_ += 8;
}

void Writer::Heading(const std::string& text) {
  EnsureSpace(90);  // never alone at the foot of a page
  if (y_ > top()) y_ += 8;
  Text(left(), y_ + Ascent(13), text, 13, Face::kBold, Align::kLeft);
  y_ += LineHeight(13) + 1;
  DrawLine(left(), y_, left() + width(), y_, kBlack, 0.8f);
  y_ += 8;
}

void Writer::Subheading(const std::string& text) {
  EnsureSpace(60);
  y_ += 3;
  Line(text, 10.5f, Face::kBold);
  y_ += 1;
}

void Writer::Paragraph(const std::string& text, float size, Face face, Rgb color) {
  for (const std::string& line : Wrap(text, width(), size, face)) {
    EnsureSpace(LineHeight(size));
    Text(left(), y_ + Ascent(size), line, size, face, Align::kLeft, color);
    y_ += LineHeight(size);
  }
  y_ += size * 0.5f;
}

void Writer::Line(const std::string& text, float size, Face face, Rgb color) {
  float s = size;
  while (s > 5 && TextWidth(text, s, face) > width()) s -= 0.25f;
  if (TextWidth(text, s, face) > width()) return Paragraph(text, s, face, color);
  EnsureSpace(LineHeight(s));
  Text(left(), y_ + Ascent(s), text, s, face, Align::kLeft, color);
  y_ += LineHeight(s) + 2;
}

float Writer::LabelWidth(const KeyValueList& pairs, float size) const {
  float label_width = 0;
  for (const auto& [key, value] : pairs) {
    label_width = std::max(label_width, TextWidth(key, size, Face::kBold));
  }
  return std::min(label_width + 10, width() * 0.4f);
}

float Writer::KeyValuesHeight(const KeyValueList& pairs, float size) const {
  const float label_width = LabelWidth(pairs, size);
  float height = size * 0.5f;
  for (const auto& [key, value] : pairs) {
    const size_t n = std::max(Wrap(key, label_width - 6, size, Face::kBold).size(),
                              Wrap(value, width() - label_width, size, Face::kRegular).size());
    height += LineHeight(size) * static_cast<float>(n) + 1.5f;
  }
  return height;
}

void Writer::KeyValues(const KeyValueList& pairs, float size) {
  const float label_width = LabelWidth(pairs, size);
  for (const auto& [key, value] : pairs) {
    std::vector<std::string> keys = Wrap(key, label_width - 6, size, Face::kBold);
    std::vector<std::string> values = Wrap(value, width() - label_width, size, Face::kRegular);
    const size_t n = std::max(keys.size(), values.size());
    EnsureSpace(LineHeight(size) * static_cast<float>(std::min<size_t>(n, 3)));
    for (size_t i = 0; i < n; ++i) {
      EnsureSpace(LineHeight(size));
      const float base = y_ + Ascent(size);
      if (i < keys.size()) Text(left(), base, keys[i], size, Face::kBold, Align::kLeft);
      if (i < values.size()) {
        Text(left() + label_width, base, values[i], size, Face::kRegular, Align::kLeft);
      }
      y_ += LineHeight(size);
    }
    y_ += 1.5f;
  }
  y_ += size * 0.5f;
}

void Writer::Notice(const std::string& title, const std::string& text) {
  const float pad = 8, size = 9;
  std::vector<std::string> heads = Wrap(title, width() - 2 * pad, 10, Face::kBold);
  std::vector<std::string> lines = Wrap(text, width() - 2 * pad, size, Face::kRegular);
  const float height = 2 * pad + static_cast<float>(heads.size()) * LineHeight(10) + 3 +
                       static_cast<float>(lines.size()) * LineHeight(size);
  if (height > bottom() - top()) {  // too long to box: print it plainly
    Paragraph(title, 10, Face::kBold);
    return Paragraph(text, size);
  }
  EnsureSpace(height);
  FillRect(left(), y_, width(), height, kNoticeFill);
  StrokeRect(left(), y_, width(), height, kNoticeFrame, 1);
  float y = y_ + pad;
  for (const std::string& line : heads) {
    Text(left() + pad, y + Ascent(10), line, 10, Face::kBold, Align::kLeft);
    y += LineHeight(10);
  }
  y += 3;
  for (const std::string& line : lines) {
    Text(left() + pad, y + Ascent(size), line, size, Face::kRegular, Align::kLeft);
    y += LineHeight(size);
  }
  y_ += height + 10;
}

void Writer::Table(const std::vector<Column>& columns, const std::vector<TableRow>& rows,
                   float size) {
  const float pad = 2.5f, lh = LineHeight(size);
  float total_weight = 0;
  for (const Column& c : columns) total_weight += c.weight;
  std::vector<float> widths, xs;
  float x = left();
  for (const Column& c : columns) {
    xs.push_back(x);
    widths.push_back(width() * c.weight / total_weight);
    x += widths.back();
  }
  // A cell's lines, each with its font size; capped so that any row fits on
  // an empty page. Figures (right-aligned body cells) shrink to 75% rather
  // than split, since a number cut in two misreads.
  struct CellLine {
    std::string text;
    float size;
  };
  using Cells = std::vector<std::vector<CellLine>>;
  const size_t max_lines = static_cast<size_t>((bottom() - top()) / lh) / 2;
  auto cell_lines = [&](const std::string& text, size_t col, Face face, bool body) {
    const float room = widths[col] - 2 * pad;
    std::vector<CellLine> out;
    if (body && columns[col].align == Align::kRight) {
      const std::string clean = CleanText(text, true);
      for (size_t start = 0; start <= clean.size();) {
        size_t end = std::min(clean.find('\n', start), clean.size());
        CellLine line{clean.substr(start, end - start), size};
        while (line.size > size * 0.75f && TextWidth(line.text, line.size, face) > room) {
          line.size -= 0.25f;
        }
        out.push_back(std::move(line));
        start = end + 1;
      }
      const bool fits = std::all_of(out.begin(), out.end(), [&](const CellLine& line) {
        return TextWidth(line.text, line.size, face) <= room;
      });
      if (!fits) out.clear();
    }
    if (out.empty()) {
      for (std::string& line : Wrap(text, room, size, face)) out.push_back({std::move(line), size});
    }
    if (out.size() > max_lines) {
      out.resize(max_lines);
      out.back().text = Fit(out.back().text + kEllipsis, room, size, face);
    }
    return out;
  };
  auto height_of = [&](const Cells& cells) {
    size_t n = 1;
    for (const auto& lines : cells) n = std::max(n, lines.size());
    return static_cast<float>(n) * lh + 2 * pad;
  };
  auto draw_cells = [&](const Cells& cells, const std::vector<Face>& faces) {
    for (size_t c = 0; c < cells.size(); ++c) {
      float base = y_ + pad + Ascent(size);
      for (const CellLine& line : cells[c]) {
        if (columns[c].align == Align::kRight) {
          Text(xs[c] + widths[c] - pad, base, line.text, line.size, faces[c], Align::kRight);
        } else if (columns[c].align == Align::kCenter) {
          Text(xs[c] + widths[c] / 2, base, line.text, line.size, faces[c], Align::kCenter);
        } else {
          Text(xs[c] + pad, base, line.text, line.size, faces[c], Align::kLeft);
        }
        base += lh;
      }
    }
  };
  Cells header;
  std::vector<Face> bold(columns.size(), Face::kBold), faces;
  for (size_t c = 0; c < columns.size(); ++c) {
    header.push_back(cell_lines(columns[c].title, c, Face::kBold, false));
    faces.push_back(columns[c].face);
  }
  const float header_height = height_of(header);
  auto draw_header = [&] {
    FillRect(left(), y_, width(), header_height, kHeaderFill);
    draw_cells(header, bold);
    y_ += header_height;
  };
  bool header_drawn = false;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::vector<Face>& row_faces = rows[r].bold ? bold : faces;
    Cells cells;
    for (size_t c = 0; c < columns.size(); ++c) {
      cells.push_back(
          cell_lines(c < rows[r].cells.size() ? rows[r].cells[c] : "", c, row_faces[c], true));
    }
    const float h = height_of(cells);
    if (!header_drawn || y_ + h > bottom()) {
      EnsureSpace(header_height + h);
      draw_header();
      header_drawn = true;
    }
    if (r % 2 == 1) FillRect(left(), y_, width(), h, kStripe);
    draw_cells(cells, row_faces);
    y_ += h;
  }
  if (!header_drawn) {
    EnsureSpace(header_height);
    draw_header();
  }
  DrawLine(left(), y_, left() + width(), y_, kRule, 0.5f);
  y_ += 10;
}

void Writer::FillRect(float x, float y, float w, float h, Rgb fill) {
  if (page_ == nullptr) return;
  HPDF_Page_SetRGBFill(page_, fill.r, fill.g, fill.b);
  HPDF_Page_Rectangle(page_, x, Flip(y + h), w, h);
  HPDF_Page_Fill(page_);
}

void Writer::StrokeRect(float x, float y, float w, float h, Rgb stroke, float line_width) {
  if (page_ == nullptr) return;
  HPDF_Page_SetRGBStroke(page_, stroke.r, stroke.g, stroke.b);
  HPDF_Page_SetLineWidth(page_, line_width);
  HPDF_Page_Rectangle(page_, x, Flip(y + h), w, h);
  HPDF_Page_Stroke(page_);
}

void Writer::DrawLine(float x1, float y1, float x2, float y2, Rgb stroke, float line_width) {
  if (page_ == nullptr) return;
  HPDF_Page_SetRGBStroke(page_, stroke.r, stroke.g, stroke.b);
  HPDF_Page_SetLineWidth(page_, line_width);
  HPDF_Page_MoveTo(page_, x1, Flip(y1));
  HPDF_Page_LineTo(page_, x2, Flip(y2));
  HPDF_Page_Stroke(page_);
}

void Writer::FillBand(float x1, float y1, float x2, float y2, float thickness, Rgb fill) {
  if (page_ == nullptr) return;
  const float xm = (x1 + x2) / 2;
  HPDF_Page_SetRGBFill(page_, fill.r, fill.g, fill.b);
  HPDF_Page_MoveTo(page_, x1, Flip(y1));
  HPDF_Page_CurveTo(page_, xm, Flip(y1), xm, Flip(y2), x2, Flip(y2));
  HPDF_Page_LineTo(page_, x2, Flip(y2 + thickness));
  HPDF_Page_CurveTo(page_, xm, Flip(y2 + thickness), xm, Flip(y1 + thickness), x1,
                    Flip(y1 + thickness));
  HPDF_Page_ClosePath(page_);
  HPDF_Page_Fill(page_);
}

void Writer::Text(float x, float y, const std::string& text, float size, Face face, Align align,
                  Rgb color) {
  if (page_ == nullptr) return;
  std::string clean = CleanText(text, false);
  if (clean.empty()) return;
  // Past the page's width nothing shows, and libharu refuses long strings.
  if (clean.size() > 1024) clean = Fit(clean, kPageWidth, size, face);
  const float w = align == Align::kLeft ? 0 : TextWidth(clean, size, face);
  const float left_x = align == Align::kRight ? x - w : align == Align::kCenter ? x - w / 2 : x;
  HPDF_Page_SetRGBFill(page_, color.r, color.g, color.b);
  HPDF_Page_BeginText(page_);
  HPDF_Page_SetFontAndSize(page_, font(face), size);
  HPDF_Page_TextOut(page_, left_x, Flip(y), clean.c_str());
  HPDF_Page_EndText(page_);
}

}  // namespace moneytrail::report::pdf
