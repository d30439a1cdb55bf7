// A licence scan decoded and prepared for recognition (Leptonica): grey from the red channel,
// brought to a working scale, deskewed. Every later pass crops from this one page, so word boxes
// of the page pass are valid coordinates for the field passes. Internal to libciie.
// Thread-safety: a PageImage is immutable after prepare(); concurrent crop() calls are safe.
#pragma once

#include <memory>
#include <string_view>

#include "ciie/status.hpp"

struct Pix;  // Leptonica's image; only lib/ocr sees it

namespace ciie::ocr {

struct PixDeleter {
  void operator()(Pix* pix) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// A rectangle in page coordinates: [left, right) × [top, bottom).
struct Box {
  int left = 0;
  int top = 0;
  int right = 0;
  int bottom = 0;
  int width() const { return right - left; }
  int height() const { return bottom - top; }
  bool empty() const { return right <= left || bottom <= top; }
};

class PageImage {
 public:
  // Decodes PNG/JPEG bytes. With `preprocess`: 8-bit grey from the red channel (the red seal
  // turns near-white while black print stays), scaled so the page is 1200–1700 px wide (small
  // scans are enlarged: Tesseract reads 20–30 px characters best), then deskewed. Without it:
  // luminance grey at the scan's own size. Also keeps a copy with the background flattened
  // (pixBackgroundNormSimple) for the page and code passes. Errors: licence.format (does not
  // decode). REQUIRES: the bytes passed inspect_image() (the size and pixel limits).
  static Result<PageImage> prepare(std::string_view bytes, bool preprocess);

  // The two versions of the page, of the same geometry: as prepared, and with the background
  // flattened (uneven light removed). Without preprocessing both are the grey scan.
  enum class Layer { kPlain, kFlattened };
  Pix* pix(Layer layer = Layer::kPlain) const {
    return layer == Layer::kFlattened ? flat_.get() : pix_.get();
  }
  int width() const { return width_; }
  int height() const { return height_; }
  // Page pixels per scan pixel (1 when not rescaled).
  double scale() const { return scale_; }

  // The box (clamped to the page) enlarged by `factor` (≥ 1 enlarges, 1 copies) with a white
  // `border`; null when the box does not meet the page.
  PixPtr crop(Box box, double factor, int border, Layer layer) const;

 private:
  PageImage(PixPtr pix, PixPtr flat, double scale);
  // Shared so that a PageImage is cheap to copy into a Result; never modified after prepare().
  std::shared_ptr<Pix> pix_;
  std::shared_ptr<Pix> flat_;  // pix_ itself when there is no flattened copy
  int width_ = 0;
  int height_ = 0;
  double scale_ = 1.0;
};

}  // namespace ciie::ocr
