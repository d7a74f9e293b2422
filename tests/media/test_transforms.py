"""An independent judge of the image transforms: media_transform_tool (the real libvips engine)
turns images made here with Pillow into outputs that Pillow decodes and checks — dimensions,
format, aspect ratio, transparent corners, blur, EXIF orientation and stripping, quality, f=auto,
and the refusals (decompression bomb, non-images, truncated input, the CPU-time bound).

The tool: $MEDIA_TRANSFORM_TOOL, else build/release/src/media/media_transform_tool.
Run: /usr/bin/python3 -m pytest -q tests/media
"""

import io
import os
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageOps, ImageStat

ROOT = Path(__file__).resolve().parents[2]
TOOL = Path(os.environ.get("MEDIA_TRANSFORM_TOOL",
                           ROOT / "build/release/src/media/media_transform_tool"))

if not TOOL.exists():
    pytest.fail(f"{TOOL} is missing: build it (ninja -C build/release media_transform_tool)",
                pytrace=False)


class Outcome:
    def __init__(self, proc, out_path):
        self.rc = proc.returncode
        self.stdout = proc.stdout.strip()
        self.stderr = proc.stderr
        self.path = out_path

    def image(self):
        assert self.rc == 0, self.stderr
        img = Image.open(self.path)
        img.load()
        return img


def run(tmp_path, source, query, accept=None, by_path=False, extra=(), name="src"):
    """Writes `source` (an Image saved as PNG, or bytes) and runs the tool on it."""
    src = tmp_path / name
    if isinstance(source, Image.Image):
        source.save(src, "PNG")
    else:
        src.write_bytes(source)
    out = tmp_path / ("out-" + name)
    args = [str(TOOL), *extra] + (["--path"] if by_path else []) + [str(src), str(out), query]
    if accept is not None:
        args.append(accept)
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return Outcome(proc, out)


def encoded(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def stripes(width=400, height=300):
    """Vertical thirds: red, green, blue."""
    img = Image.new("RGB", (width, height), (255, 0, 0))
    img.paste((0, 255, 0), (width // 3, 0, 2 * width // 3, height))
    img.paste((0, 0, 255), (2 * width // 3, 0, width, height))
    return img


def close(a, b, tolerance=40):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


# --- dimensions, crop and aspect ratio ------------------------------------------------------

def test_width_and_height_give_exactly_that_size_and_report_the_type(tmp_path):
    result = run(tmp_path, stripes(), "w=100&h=50&f=png")
    img = result.image()
    assert img.size == (100, 50)
    assert img.format == "PNG"
    assert result.stdout == "image/png"


def test_width_and_height_crop_to_cover_from_the_centre(tmp_path):
    # 400×100 scaled to cover 100×100 is 400×100 → the middle 100 columns: green only.
    img = run(tmp_path, stripes(400, 100), "w=100&h=100&f=png").image().convert("RGB")
    assert img.size == (100, 100)
    for xy in [(2, 2), (50, 50), (97, 97), (2, 97), (97, 2)]:
        assert close(img.getpixel(xy), (0, 255, 0)), (xy, img.getpixel(xy))


def test_one_dimension_keeps_the_aspect_ratio(tmp_path):
    src = stripes(400, 300)
    assert run(tmp_path, src, "w=100").image().size == (100, 75)
    assert run(tmp_path, src, "h=100").image().size == (133, 100)
    assert run(tmp_path, src, "w=0&h=60").image().size == (80, 60)


def test_no_size_keeps_the_source_size(tmp_path):
    assert run(tmp_path, stripes(123, 45), "q=80").image().size == (123, 45)


def test_small_sources_are_scaled_up_to_the_requested_size(tmp_path):
    img = run(tmp_path, stripes(30, 20), "w=300&h=100").image()
    assert img.size == (300, 100)
    assert run(tmp_path, stripes(30, 20), "w=300").image().size == (300, 200)


def test_a_file_path_source_gives_the_same_result(tmp_path):
    img = run(tmp_path, stripes(), "w=100&h=50&f=png", by_path=True).image()
    assert img.size == (100, 50)


# --- formats --------------------------------------------------------------------------------

@pytest.mark.parametrize("f,pil,ctype", [("png", "PNG", "image/png"),
                                         ("jpeg", "JPEG", "image/jpeg"),
                                         ("webp", "WEBP", "image/webp")])
def test_f_selects_the_output_format(tmp_path, f, pil, ctype):
    result = run(tmp_path, stripes(), f"w=50&f={f}")
    assert result.image().format == pil
    assert result.stdout == ctype


def test_without_f_the_source_format_is_kept(tmp_path):
    jpeg = encoded(stripes(), "JPEG")
    assert run(tmp_path, jpeg, "w=50").image().format == "JPEG"
    assert run(tmp_path, stripes(), "w=50").image().format == "PNG"
    webp = encoded(stripes(), "WEBP")
    assert run(tmp_path, webp, "w=50").image().format == "WEBP"


def test_a_gif_source_is_written_as_png(tmp_path):
    gif = encoded(stripes().convert("P"), "GIF")
    result = run(tmp_path, gif, "w=50")
    assert result.image().format == "PNG"


def test_f_auto_gives_webp_only_when_accept_names_it(tmp_path):
    jpeg = encoded(stripes(), "JPEG")
    assert run(tmp_path, jpeg, "w=50&f=auto", "image/avif,image/webp,*/*;q=0.8").image().format == "WEBP"
    assert run(tmp_path, jpeg, "w=50&f=auto", "image/*,*/*").image().format == "JPEG"
    assert run(tmp_path, jpeg, "w=50&f=auto", "image/webp;q=0").image().format == "JPEG"
    assert run(tmp_path, jpeg, "w=50&f=auto").image().format == "JPEG"
    assert run(tmp_path, stripes(), "w=50&f=auto", "text/html").image().format == "PNG"


def test_q_changes_the_jpeg_size(tmp_path):
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    low = run(tmp_path, noisy, "f=jpeg&q=10", name="a")
    high = run(tmp_path, noisy, "f=jpeg&q=95", name="b")
    assert low.image().format == high.image().format == "JPEG"
    assert low.path.stat().st_size * 2 < high.path.stat().st_size


def test_q_changes_the_webp_size(tmp_path):
    noisy = Image.effect_noise((300, 300), 80).convert("RGB")
    low = run(tmp_path, noisy, "f=webp&q=5", name="a")
    high = run(tmp_path, noisy, "f=webp&q=95", name="b")
    assert low.path.stat().st_size * 2 < high.path.stat().st_size


# --- rounded corners ------------------------------------------------------------------------

def corner_points(w, h):
    return [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (2, 2), (w - 3, h - 3)]


@pytest.mark.parametrize("f", ["png", "webp"])
def test_r_makes_transparent_rounded_corners(tmp_path, f):
    img = run(tmp_path, stripes(200, 200), f"w=200&h=200&r=30&f={f}").image()
    assert img.mode == "RGBA"
    alpha = img.getchannel("A")
    for xy in corner_points(200, 200):
        assert alpha.getpixel(xy) == 0, xy
    for xy in [(100, 100), (100, 1), (1, 100), (30, 30), (170, 170)]:
        assert alpha.getpixel(xy) == 255, xy


def test_r_full_makes_a_circle_and_on_a_rectangle_an_ellipse(tmp_path):
    circle = run(tmp_path, stripes(200, 200), "w=100&h=100&r=full&f=png", name="c").image()
    alpha = circle.getchannel("A")
    for xy in corner_points(100, 100) + [(10, 10), (89, 89), (10, 89)]:
        assert alpha.getpixel(xy) == 0, xy
    for xy in [(50, 50), (50, 2), (2, 50), (97, 50), (50, 97)]:
        assert alpha.getpixel(xy) == 255, xy
    ellipse = run(tmp_path, stripes(200, 200), "w=200&h=100&r=full&f=png", name="e").image()
    alpha = ellipse.getchannel("A")
    assert alpha.getpixel((100, 50)) == 255
    assert alpha.getpixel((3, 50)) == 255 and alpha.getpixel((196, 50)) == 255
    assert alpha.getpixel((100, 2)) == 255
    for xy in corner_points(200, 100) + [(30, 10)]:
        assert alpha.getpixel(xy) == 0, xy


def test_r_keeps_the_source_alpha_inside_the_corners(tmp_path):
    src = Image.new("RGBA", (100, 100), (255, 0, 0, 255))
    src.paste((0, 0, 255, 0), (40, 40, 60, 60))  # a transparent hole in the middle
    alpha = run(tmp_path, src, "r=20&f=png").image().getchannel("A")
    assert alpha.getpixel((50, 50)) == 0
    assert alpha.getpixel((0, 0)) == 0
    assert alpha.getpixel((20, 50)) == 255


def test_r_on_a_jpeg_source_without_f_is_written_as_png_with_alpha(tmp_path):
    jpeg = encoded(stripes(200, 200), "JPEG")
    result = run(tmp_path, jpeg, "r=40")
    img = result.image()
    assert img.format == "PNG" and result.stdout == "image/png"
    assert img.getchannel("A").getpixel((0, 0)) == 0


def test_r_with_f_jpeg_flattens_the_corners_onto_white(tmp_path):
    img = run(tmp_path, stripes(200, 200), "r=40&f=jpeg").image()
    assert img.format == "JPEG" and img.mode == "RGB"
    assert close(img.getpixel((0, 0)), (255, 255, 255), 30)  # JPEG's chroma bleeds a little
    assert close(img.getpixel((100, 100)), (0, 255, 0))


# --- blur -----------------------------------------------------------------------------------

def test_b_blurs(tmp_path):
    checker = Image.new("L", (200, 200), 0)
    for y in range(0, 200, 10):
        for x in range(0, 200, 10):
            if (x // 10 + y // 10) % 2 == 0:
                checker.paste(255, (x, y, x + 10, y + 10))
    checker = checker.convert("RGB")
    sharp = run(tmp_path, checker, "f=png", name="s").image().convert("L")
    soft = run(tmp_path, checker, "b=6&f=png", name="b").image().convert("L")
    assert soft.size == sharp.size == (200, 200)
    sharp_var = ImageStat.Stat(sharp).var[0]
    soft_var = ImageStat.Stat(soft).var[0]
    assert sharp_var > 15000
    assert soft_var < sharp_var / 4
    # the mean stays: blur moves no light, it spreads it
    assert abs(ImageStat.Stat(soft).mean[0] - ImageStat.Stat(sharp).mean[0]) < 10


# --- EXIF -----------------------------------------------------------------------------------

def exif_jpeg(img, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x013B] = "Portcullis Tester"  # Artist
    exif[0x010F] = "SecretCam"  # Make
    return encoded(img, "JPEG", exif=exif.tobytes(), quality=95)


def test_exif_orientation_is_applied(tmp_path):
    stored = Image.new("RGB", (200, 100), (255, 0, 0))
    stored.paste((0, 0, 255), (100, 0, 200, 100))  # left red, right blue as stored
    jpeg = exif_jpeg(stored, 6)
    upright = ImageOps.exif_transpose(Image.open(io.BytesIO(jpeg))).convert("RGB")
    assert upright.size == (100, 200)
    img = run(tmp_path, jpeg, "f=png").image().convert("RGB")
    assert img.size == (100, 200)
    for xy in [(50, 20), (50, 180), (10, 100 - 20), (90, 100 + 20)]:
        assert close(img.getpixel(xy), upright.getpixel(xy)), (xy, img.getpixel(xy))
    # w alone applies to the upright width
    assert run(tmp_path, jpeg, "w=50", name="w").image().size == (50, 100)


@pytest.mark.parametrize("query", ["f=jpeg", "f=png", "f=webp", "w=100&f=jpeg", "r=10&f=webp"])
def test_metadata_is_stripped(tmp_path, query):
    jpeg = exif_jpeg(stripes(200, 100), 1)
    result = run(tmp_path, jpeg, query)
    img = result.image()
    assert len(img.getexif()) == 0
    assert "exif" not in img.info
    raw = result.path.read_bytes()
    assert b"Exif" not in raw and b"SecretCam" not in raw and b"Portcullis Tester" not in raw


def test_png_text_chunks_are_stripped(tmp_path):
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret-comment")
    src = tmp_path / "t.png"
    stripes(50, 50).save(src, "PNG", pnginfo=info)
    result = run(tmp_path, src.read_bytes(), "w=20&f=png")
    assert result.rc == 0
    assert b"secret-comment" not in result.path.read_bytes()


# --- refusals -------------------------------------------------------------------------------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width, height):
    """A valid 1-bit greyscale PNG of width×height zeros: a few hundred KiB that would decode to
    width×height pixels."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = bytearray()
    block = row * 1000
    for _ in range(height // 1000):
        idat += compressor.compress(block)
    idat += compressor.compress(row * (height % 1000))
    idat += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", bytes(idat))
            + png_chunk(b"IEND", b""))


def test_a_decompression_bomb_is_refused_quickly(tmp_path):
    bomb = bomb_png(50000, 50000)
    assert len(bomb) < 1 << 20
    Image.MAX_IMAGE_PIXELS = None  # Pillow reads the header only here
    assert Image.open(io.BytesIO(bomb)).size == (50000, 50000)  # Pillow agrees it is valid
    for query in ["w=100", "f=png", "w=100&h=100&b=5"]:
        started = time.monotonic()
        result = run(tmp_path, bomb, query)
        elapsed = time.monotonic() - started
        assert result.rc == 2, result.stderr
        assert "pixels" in result.stderr
        assert elapsed < 2.0
        assert not result.path.exists()


def test_a_header_only_bomb_is_refused_quickly(tmp_path):
    ihdr = struct.pack(">IIBBBBB", 50000, 50000, 8, 6, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IEND", b"")
    started = time.monotonic()
    result = run(tmp_path, bomb, "w=10")
    assert result.rc == 2
    assert time.monotonic() - started < 2.0


def test_a_requested_size_beyond_the_output_limit_is_refused(tmp_path):
    result = run(tmp_path, stripes(10, 10), "w=8192&h=8192")
    assert result.rc == 2 and "pixels" in result.stderr


@pytest.mark.parametrize("content", [
    b"just some text\n",
    b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='10' height='10'/></svg>",
    b"<!DOCTYPE html><html><body>hi</body></html>",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    b"",
    b"\x89PNG\r\n\x1a\n",
    bytes(range(256)) * 4,
])
def test_non_images_are_refused(tmp_path, content):
    result = run(tmp_path, content, "w=10")
    assert result.rc == 2, result.stderr
    assert "not an image" in result.stderr


def test_a_truncated_image_is_refused(tmp_path):
    jpeg = encoded(Image.effect_noise((400, 400), 60).convert("RGB"), "JPEG")
    png = encoded(Image.effect_noise((400, 400), 60).convert("RGB"), "PNG")
    for data in [jpeg[: len(jpeg) // 2], png[: len(png) // 2]]:
        result = run(tmp_path, data, "w=100&f=png")
        assert result.rc == 2, result.stderr


def test_the_cpu_time_bound_stops_a_long_transform(tmp_path):
    # 6000×6000 with a blur, as PNG: over 10 s of work. Cut at 50 ms and at 3 s, both runs stop
    # with `unavailable`, and the durations differ by about the difference of the limits (process
    # start-up, the same in both, cancels out; so does a slow sanitizer build).
    big = encoded(Image.effect_noise((3000, 3000), 60).convert("RGB"), "JPEG")

    def timed(limit_ms, name):
        started = time.monotonic()
        result = run(tmp_path, big, "w=6000&b=8&f=png", extra=["--time-limit-ms", str(limit_ms)],
                     name=name)
        return result, time.monotonic() - started

    short, short_elapsed = timed(50, "short")
    long, long_elapsed = timed(3000, "long")
    for result in (short, long):
        assert result.rc == 3, result.stderr
        assert "time limit" in result.stderr
        assert not result.path.exists()
    assert long_elapsed >= 3.0
    assert short_elapsed + 1.5 < long_elapsed, (short_elapsed, long_elapsed)


def test_the_largest_blur_is_cheap(tmp_path):
    # b=1000 runs on a reduced copy: no mask of thousands of taps.
    big = encoded(Image.effect_noise((3000, 2000), 60).convert("RGB"), "JPEG")
    started = time.monotonic()
    img = run(tmp_path, big, "b=1000&f=jpeg").image().convert("L")
    assert time.monotonic() - started < 10
    assert img.size == (3000, 2000)
    assert ImageStat.Stat(img).var[0] < 5  # nearly one flat colour


@pytest.mark.parametrize("query,name", [
    ("w=1e3", "w"), ("h=+5", "h"), ("w= 5", "w"), ("q=0", "q"), ("q=101", "q"), ("b=0.2", "b"),
    ("b=1001", "b"), ("r=-1", "r"), ("r=half", "r"), ("f=gif", "f"), ("w=10&w=10", "w"),
    ("w=8193", "w"), ("h=", "h"),
])
def test_bad_parameters_are_refused_naming_the_parameter(tmp_path, query, name):
    result = run(tmp_path, stripes(20, 20), query)
    assert result.rc == 2
    assert f"image parameter {name} " in result.stderr
