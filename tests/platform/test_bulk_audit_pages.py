"""The bulk audit reads a report scanned one image file per page as ONE report, in uploads and in zips.

The pages are seed 004 printed by gongkai's PDF renderer and rasterised at 200 dpi, one PNG a page; the oracle
is its hand transcription (tests/fixtures/expected/). The OCR cache is shared by this module's tests, so the
pages are read once. The result page is screenshotted at 1280 and 390 px ($GONGKAI_SHOTS)."""

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from PIL import Image
from test_bulk_audit_jobs import as_uploads, work

from gongkai.parsers import read_file
from gongkai.renderers.pdf import to_pdf
from gongkai_platform.agencies.models import Role
from gongkai_platform.supervision.models import BulkAudit
from tests.core.test_scans import outcome
from tests.platform.browser import allow_orm_next_to_playwright, shot  # noqa: F401 (a fixture)
from tests.platform.conftest import make_user
from tests.scans.generate import pages

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = next((FIXTURES / "seeds").glob("004_*.txt"))
EXPECTED = json.loads((FIXTURES / "expected" / f"{SEED.stem}.json").read_text(encoding="utf-8"))
OTHER = next((FIXTURES / "seeds").glob("001_*.txt"))


@pytest.fixture(scope="module")
def page_images() -> list[bytes]:
    out = []
    for image in pages(to_pdf(read_file(SEED)), 200):
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out


@pytest.fixture
def supervisor(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff["supervisor"])
    return client


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr")


@pytest.fixture(autouse=True)
def shared_cache(ocr_cache, monkeypatch):
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(ocr_cache))


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buffer, "PNG")
    return buffer.getvalue()


def zipped(files: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    buffer.name = "年度报告.zip"
    return buffer


def audited(client, files: dict[str, bytes]) -> BulkAudit:
    """The job of a zip of `files` uploaded and run to its end by the worker."""
    response = client.post("/supervision/audit/", {"files": [zipped(files)]})
    job = BulkAudit.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    work()
    job.refresh_from_db()
    return job


@pytest.mark.django_db(transaction=True)
def test_loose_page_uploads_are_one_report_where_the_first_page_stood(supervisor):
    names = [
        "封面.pdf",
        "扫描件(2).png",
        "扫描件(10).PNG",
        "1.png",
        *[f"扫描件({n}).jpg" for n in range(3, 10)],
    ]
    names += ["扫描件(1).png", "附件-1.png", "附件-1.png", "附件-2.png"]  # 附件-1 twice: no page of anything
    files = [(n, png()) if n.endswith(("png", "PNG", "jpg")) else (n, b"%PDF-1.4\n") for n in names]
    response = supervisor.post("/supervision/audit/", {"files": as_uploads(files)})
    assert response.status_code == 302
    job = BulkAudit.objects.get()
    rows = list(job.files.order_by("position"))
    assert [r.name for r in rows] == ["封面.pdf", "扫描件", "1.png", "附件-1.png", "附件-1.png", "附件-2.png"]
    assert rows[1].page_names == [
        f"扫描件({n}).{'png' if n < 3 else 'PNG' if n == 10 else 'jpg'}" for n in range(1, 11)
    ]
    assert rows[1].stored == "" and len(rows[1].stored_names) == 10 and rows[1].size == 10 * len(png())
    assert job.total == 6  # reports, not files: the progress counts them

    from django.core.files.storage import default_storage

    assert all(default_storage.exists(n) for n in rows[1].stored_names)
    supervisor.post(f"/supervision/audit/{job.pk}/delete/")
    assert not any(default_storage.exists(n) for n in rows[1].stored_names)


@pytest.mark.django_db(transaction=True)
def test_a_refused_page_stays_a_page_of_its_report(supervisor):
    """Page 2 is not an image (refused at the upload): the three names are still one report, whose row holds the
    refused page without a stored file, and the refused row still says why; the file limit counts two files."""
    names = ["page_01_of_03.png", "page_02_of_03.png", "page_03_of_03.png", "扫描件.png", "扫描件(2).png"]
    files = [(n, b"not a picture" if n == "page_02_of_03.png" else png()) for n in names]
    supervisor.post("/supervision/audit/", {"files": as_uploads(files)})
    job = BulkAudit.objects.get()
    rows = list(job.files.order_by("position"))
    assert [(r.name, r.state) for r in rows] == [
        ("page", "pending"),
        ("page_02_of_03.png", "refused"),
        ("扫描件", "pending"),
    ]
    assert rows[1].reason == "文件内容不是图像"
    assert [name for name, _ in rows[0].pages] == names[:3] and [bool(s) for _, s in rows[0].pages] == [
        1,
        0,
        1,
    ]
    assert rows[0].page_names == names[:3] and len(rows[0].stored_names) == 2
    assert job.total == 2


FOLDER = ["年报/机关甲/1.png", "年报/机关甲/2.png", "年报/机关乙/2.png", "年报/机关乙/1.png", "年报/说明.pdf"]


def folder_post(client, paths) -> list[str]:
    """The rows a folder upload makes, by name, when the form's script sent `paths` (JSON) beside the files."""
    files = [(p.rsplit("/", 1)[-1], b"%PDF-1.4\n" if p.endswith(".pdf") else png()) for p in FOLDER]
    client.post("/supervision/audit/", {"files": as_uploads(files), "paths": paths})
    job = BulkAudit.objects.latest("pk")
    return [r.name for r in job.files.order_by("position")]


@pytest.mark.django_db(transaction=True)
def test_a_folder_upload_keeps_its_sub_folders_apart(supervisor):
    assert folder_post(supervisor, json.dumps(FOLDER)) == ["年报/机关甲", "年报/机关乙", "年报/说明.pdf"]
    # without the script (or a list that does not fit the files) each file keeps its bare name: 1.png twice
    bare = ["1.png", "2.png", "2.png", "1.png", "说明.pdf"]
    assert folder_post(supervisor, "") == bare
    assert folder_post(supervisor, json.dumps(FOLDER[:4])) == bare
    assert folder_post(supervisor, json.dumps(["../../etc/1.png", *FOLDER[1:]]))[0] == "etc/1.png"


@pytest.mark.django_db(transaction=True)
def test_a_zip_of_page_images_is_audited_as_one_report(supervisor, page_images):
    files = {f"年度报告/宽城/第{n}页.png": data for n, data in enumerate(page_images, 1)}
    files["年度报告/001.txt"] = OTHER.read_bytes()
    files["年度报告/其他/1.png"] = page_images[0]  # a lone numbered image: a report of its own
    job = audited(supervisor, files)
    assert job.status == "done" and job.total == job.done == 3
    rows = {r.name: r for r in job.files.all()}
    assert set(rows) == {
        "年度报告.zip/年度报告/宽城",
        "年度报告.zip/年度报告/001.txt",
        "年度报告.zip/年度报告/其他/1.png",
    }
    row = rows["年度报告.zip/年度报告/宽城"]
    assert row.page_names == ["第1页.png", "第2页.png", "第3页.png", "第4页.png"] and row.ocr
    assert (row.agency, row.year) == ("宽城满族自治县人民政府办公室", 2021)  # the seed's first line
    (listed,) = [f for f in row.report["findings"] if f["rule"] == "parse.pages"]
    assert listed["found"] == row.page_names
    from gongkai.parsers.structured import read_json

    report = read_json(json.dumps(row.report).encode())
    right, noticed, silent = outcome(report, EXPECTED["cells"])
    # every cell right or flagged (the share right is the recognition's: on these clean PNGs the label
    # （七）总计 reads "(CE)总计", so that row is flagged, not read; tests/core/test_scan_pages.py holds 99.5 %)
    assert not silent and right + len(noticed) == len(EXPECTED["cells"]) and right >= 190, noticed
    assert all(stored == "" for _, stored in row.pages) and job.summary["reports"] == 3

    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert "共 3 份报告" in page and "4 页图像合为一份：第1页.png、第2页.png、第3页.png、第4页.png" in page
    xlsx = supervisor.get(f"/supervision/audit/{job.pk}/download/xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert book["报告"].max_row == 4  # the header and three reports


@pytest.mark.django_db(transaction=True)
def test_a_report_with_a_refused_page_is_read_with_that_page_missing(supervisor, page_images):
    """Seed 004 as four PNGs in a zip, page 2 (Table 二's last blocks) refused: one report, page 2 named missing
    with the reason it was refused, page 3 (Table 三) read in its place, as its hand transcription says."""
    files = {f"年报/page_{n:02d}_of_04.png": data for n, data in enumerate(page_images, 1)}
    files["年报/page_02_of_04.png"] = b"\x89PNG but not a picture"
    job = audited(supervisor, files)
    assert job.status == "done" and job.total == job.done == 1
    row = job.files.get(state="audited")
    assert row.name == "年度报告.zip/年报/page" and row.page_names == [
        f"page_0{n}_of_04.png" for n in range(1, 5)
    ]
    (missing,) = [f for f in row.report["findings"] if f["rule"] == "parse.page_unreadable"]
    assert missing["found"] == "page_02_of_04.png" and "文件内容不是图像" in missing["message"]
    from gongkai.parsers.structured import read_json

    report = read_json(json.dumps(row.report).encode())
    table_three = {k: v for k, v in EXPECTED["cells"].items() if k.startswith("s3.")}
    right, noticed, silent = outcome(report, table_three)
    # all 175 read right when measured; the slack is the one row of clean PNGs the zip test above allows for
    assert not silent and right + len(noticed) == len(table_three) and right >= len(table_three) - 7, noticed
    assert job.files.get(state="refused").name == "年度报告.zip/年报/page_02_of_04.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_result_page_shows_the_pages_as_one_report(
    live_server, tree, settings, tmp_path, page_images, logged_in_page
):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_user("supervisor", tree["office"], Role.SUPERVISOR)
    client = Client()
    client.force_login(user)
    files = {f"扫描件/宽城年报-{n}.png": data for n, data in enumerate(page_images, 1)}
    files["扫描件/001.txt"] = OTHER.read_bytes()
    client.post("/supervision/audit/", {"files": [zipped(files)]})
    work()
    job = BulkAudit.objects.get()
    page = logged_in_page(user)
    page.goto(f"{live_server.url}/supervision/audit/{job.pk}/")
    page.get_by_text("4 页图像合为一份").wait_for()
    assert page.locator("td.file-name").count() == 2
    shot(page, "bulk-audit-pages")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_folder_chosen_in_the_browser_is_sent_with_its_sub_folders(
    live_server, tree, settings, tmp_path, logged_in_page
):
    settings.MEDIA_ROOT = tmp_path / "media"
    for path in FOLDER:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"%PDF-1.4\n" if path.endswith(".pdf") else png())
    user = make_user("supervisor", tree["office"], Role.SUPERVISOR)
    page = logged_in_page(user)
    page.goto(f"{live_server.url}/supervision/audit/")
    page.get_by_label("或选择整个文件夹").set_input_files(str(tmp_path / "年报"))
    page.get_by_role("button", name="上传并开始检查").click()
    page.get_by_text("排队中，等待开始").wait_for()
    job = BulkAudit.objects.get()
    assert sorted(r.name for r in job.files.all()) == ["年报/机关乙", "年报/机关甲", "年报/说明.pdf"]
