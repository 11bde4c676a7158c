"""The bulk audit as a background job, through the web: 1,000 files uploaded as a zip and as loose files, run by
the worker's own command (`db_worker`) a step at a time so the progress is seen part-way, and the results
checked against what was planted in the files and against the seeds' known errors (written out by hand)."""

import csv
import io
import random
import re
import resource
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from conftest import make_user
from django.core.management import call_command

from gongkai.renderers import render
from gongkai.standard.formats import FORMAT_2021, Kind
from gongkai.standard.report import Report
from gongkai_platform.agencies.models import Role
from gongkai_platform.auditlog.models import AuditEntry
from gongkai_platform.supervision.models import BulkAudit, BulkAuditFile

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
GENERATED = 995  # with the five seeds: 1,000 files
BROKEN = {i for i in range(GENERATED) if i % 10 == 3}  # Table 三: 3 new applications by persons, total 0
COPIED = {i for i in range(GENERATED) if i % 100 in (7, 8)}  # each pair 7/8, 107/108, ... shares section 五
PLACES = "东西南北中上下前后左右新老大小长平安宁和"  # 20 × 50 agency names
OFFICES = [
    "统计局",
    "财政局",
    "教育局",
    "民政局",
    "司法局",
    "商务局",
    "审计局",
    "林业局",
    "水利局",
    "文旅局",
    "医保局",
    "信访局",
    "档案局",
    "气象局",
    "人防办",
    "科技局",
    "税务局",
    "粮食局",
    "城管局",
    "交通局",
    "卫健委",
    "发改委",
    "住建局",
    "农业局",
    "应急局",
    "市场局",
    "公安局",
    "体育局",
    "环保局",
    "自然资源局",
    "退役军人局",
    "数据局",
    "机关事务局",
    "能源局",
    "港务局",
    "国资委",
    "金融办",
    "人社局",
    "民宗局",
    "审批局",
    "乡村振兴局",
    "侨务办",
    "民防局",
    "地震局",
    "烟草局",
    "邮政局",
    "海关",
    "口岸办",
    "外事办",
    "政府办公室",
]
HANZI = "政府信息公开工作年度报告主动依申请办理答复复议诉讼栏目更新解读培训制度考核平台网站发布审查保密"


def _prose(rng: random.Random, length: int = 120) -> str:
    return "".join(rng.choice(HANZI) for _ in range(length)) + "。"


def agency(i: int) -> str:
    return f"{PLACES[i // 50]}{PLACES[(i // 5) % 20]}县{OFFICES[i % 50]}"


def generated_report(i: int) -> bytes:
    """A tiny report (Markdown, as `gongkai convert` writes it) whose findings are known by construction."""
    rng = random.Random(i)
    report = Report.blank("2021", agency=agency(i), year=2025)
    for cell in FORMAT_2021.cells:
        report.cells[cell.id] = Decimal(0) if cell.kind is Kind.MONEY else 0
    if i in BROKEN:
        report.cells["s3.new.natural"] = 3
    section5 = _prose(random.Random(f"pair-{i // 100}")) if i in COPIED else _prose(rng)
    report.prose = {
        1: "2025年，本机关依法做好政府信息公开工作。" + _prose(rng),
        5: section5,
        6: "本年度未收取信息处理费。",
    }
    return render(report, "md")


def batch_files() -> list[tuple[str, bytes]]:
    files = [(f"报告{i:03d}.md", generated_report(i)) for i in range(GENERATED)]
    return files + [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]


def as_zip(files) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(f"年度报告/{name}", data)
    buffer.seek(0)
    buffer.name = "年度报告.zip"
    return buffer


def as_uploads(files) -> list[io.BytesIO]:
    uploads = []
    for name, data in files:
        upload = io.BytesIO(data)
        upload.name = name
        uploads.append(upload)
    return uploads


def work(steps: int | None = None) -> None:
    """The worker's own loop: `steps` runs of a task, or until the queue is empty."""
    options = {"batch": True, "interval": 0, "startup_delay": False, "reload": False, "verbosity": 0}
    call_command("db_worker", **({"max_tasks": steps} if steps else {}), **options)


@pytest.fixture
def supervisor(client, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff["supervisor"])
    return client


def by_base_name(job: BulkAudit) -> dict[str, BulkAuditFile]:
    return {f.name.rsplit("/", 1)[-1]: f for f in job.files.filter(state="audited")}


def rules(row: BulkAuditFile, severity: str | None = None) -> set[str]:
    return {f["rule"] for f in row.report["findings"] if severity in (None, f["severity"])}


def check_results(job: BulkAudit) -> None:
    files = by_base_name(job)
    assert len(files) == 1000 and job.done == job.total == 1000
    seeds = {name[:3]: row for name, row in files.items() if name.endswith(".txt")}
    assert rules(seeds["000"], "error") >= {"s3.balance", "s3.total_is_sum"}
    assert "s3.total_is_sum" in rules(seeds["004"], "error")
    assert not any(rules(seeds[clean], "error") for clean in ("001", "002", "003"))
    assert [seeds[n].agency for n in ("000", "002", "004")] == [
        "满洲里市人民政府办公室",  # the seeds' first lines, read by eye
        "满洲里市人民政府兴华街道办事处",
        "宽城满族自治县人民政府办公室",
    ]
    assert [seeds[n].year for n in ("000", "001", "004")] == [2021, 2020, 2021]
    for i in range(GENERATED):
        row = files[f"报告{i:03d}.md"]
        assert row.agency == agency(i) and row.year == 2025, (i, row.agency)
        # planted: the 新收 row's total (0) is not the sum of its columns (3), and 3 new cases have no outcome
        assert rules(row, "error") == ({"s3.row_total", "s3.balance"} if i in BROKEN else set()), i
        assert ("prose.copied" in rules(row, "warning")) == (i in COPIED), i
        assert bool(row.errors) == (i in BROKEN), (i, rules(row))
        assert not row.ocr
    assert job.summary == {
        "reports": 1000,
        "with_errors": len(BROKEN) + 2,  # seeds 000 and 004
        "with_warnings": job.summary["with_warnings"],
        "ocr": 0,
        "copied": len(COPIED),
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_a_zip_of_1000_reports_audited_by_the_worker_with_progress_on_the_page(supervisor):
    response = supervisor.post("/supervision/audit/", {"files": [as_zip(batch_files())]})
    job = BulkAudit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/audit/{job.pk}/"
    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert (
        "排队中" in page and 'http-equiv="refresh"' in page and "progress.js" in page and "停止并删除" in page
    )

    work(steps=1)  # unpacks the zip
    job.refresh_from_db()
    assert job.total == 1000 and job.done == 0 and job.status == "running"
    work(steps=1)  # one chunk of files
    job.refresh_from_db()
    assert 0 < job.done < job.total == 1000
    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert f"已处理 <strong data-done>{job.done}</strong> / 共 <strong data-total>1000</strong>" in page
    status = supervisor.get(f"/supervision/audit/{job.pk}/status.json").json()
    assert status == {
        "status": "running",
        "label": "进行中",
        "stage": "正在检查…",
        "tone": "info",
        "done": job.done,
        "total": 1000,
        "unpacking": False,
        "finished": False,
    }

    work()
    job.refresh_from_db()
    assert job.status == "done" and job.finished
    check_results(job)
    assert not list(Path(supervisor_media(job)).rglob("file-*"))  # the uploads are gone once read

    page = supervisor.get(f"/supervision/audit/{job.pk}/?show=errors&sort=position").content.decode()
    assert "已完成" in page and 'http-equiv="refresh"' not in page and "不含逐份排版表" in page
    assert 'data-rule="s3.row_total"' in page and "错误：" in page and agency(3) in page
    assert agency(4) not in page  # not broken: not under 有错误

    xlsx = supervisor.get(f"/supervision/audit/{job.pk}/download/xlsx")
    assert xlsx.status_code == 200 and "年度报告批量检查-" in unquote(xlsx["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    assert book.sheetnames[:3] == ["报告", "问题", "说明"] and len(book.sheetnames) == 3  # no layouts
    zh = supervisor.get(f"/supervision/audit/{job.pk}/download/csv-zh")
    rows = list(csv.reader(io.StringIO(b"".join(zh.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["来源文件", "机关名称", "报告年度"] and len(rows) == 1001
    assert AuditEntry.objects.filter(action="bulk_audit.start", object_id=str(job.pk)).exists()
    assert AuditEntry.objects.filter(action="bulk_audit.done", object_id=str(job.pk)).exists()


def supervisor_media(job: BulkAudit) -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "bulk-audits" / str(job.pk)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_1000_loose_files_in_one_request(supervisor):
    response = supervisor.post("/supervision/audit/", {"files": as_uploads(batch_files())})
    assert response.status_code == 302
    job = BulkAudit.objects.get()
    assert job.total == 1000 and not job.archives
    work()
    job.refresh_from_db()
    check_results(job)


def seed_uploads(names=("000", "001")) -> list[io.BytesIO]:
    return as_uploads([(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt")) if p.name[:3] in names])


def audited_job(client, uploads) -> BulkAudit:
    response = client.post("/supervision/audit/", {"files": uploads})
    assert response.status_code == 302, response.content.decode()[:500]
    work()
    return BulkAudit.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])


@pytest.mark.django_db(transaction=True)
def test_a_small_batch_downloads_the_xlsx_with_a_sheet_per_report(supervisor):
    job = audited_job(supervisor, seed_uploads())
    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert "错误：" in page and "提示：表三" not in page  # an error is not called 提示
    assert "下载 XLSX" in page and "下载 CSV（中文表头）" in page and "每份报告一张按国家格式排版的表" in page
    response = supervisor.get(f"/supervision/audit/{job.pk}/download/xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    name = unquote(response["Content-Disposition"])
    assert re.search(r"filename\*=UTF-8''年度报告批量检查-\d{8}-\d{4}\.xlsx$", name), name
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [
        "报告",
        "问题",
        "说明",
        "1 满洲里市人民政府办公室 2021",
        "2 满洲里市统计局 2020",
    ]
    findings = [[c.value for c in row] for row in book["问题"].iter_rows(min_row=2)]
    balance = [r for r in findings if r[4] == "s3.balance"]
    assert (
        balance
        and {r[3] for r in balance} == {"错误"}
        and {r[1] for r in balance} == {"满洲里市人民政府办公室"}
    )
    cells = supervisor.get(f"/supervision/audit/{job.pk}/download/csv")
    assert "单元格编号" in unquote(cells["Content-Disposition"])
    assert supervisor.get(f"/supervision/audit/{job.pk}/download/docx").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_only_the_owner_sees_a_job(supervisor, client, staff, tree):
    job = audited_job(supervisor, seed_uploads(("001",)))
    other = make_user("other_supervisor", tree["office"], Role.SUPERVISOR)
    client.force_login(other)
    for url in ("", "status.json", "download/xlsx"):
        assert client.get(f"/supervision/audit/{job.pk}/{url}").status_code == 404, url
    assert client.post(f"/supervision/audit/{job.pk}/delete/").status_code == 404
    assert "暂无检查记录" in client.get("/supervision/audit/").content.decode()
    client.force_login(staff["editor"])
    assert client.get("/supervision/audit/").status_code == 404
    assert client.post("/supervision/audit/", {"files": seed_uploads()}).status_code == 404
    assert BulkAudit.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_limits_refuse_what_is_over_them_and_say_so(supervisor, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = spool = tmp_path / "spool"
    spool.mkdir()
    settings.BULK_AUDIT_MAX_FILES = 3
    settings.BULK_AUDIT_MAX_FILE_BYTES = 40 * 1024  # the seeds are 6-9 KB
    big = as_uploads([("大文件.txt", b"x" * (41 * 1024))])  # skipped by the upload handler
    job = audited_job(supervisor, seed_uploads(("000", "001", "002", "003", "004")) + big)
    refused = dict(job.files.filter(state="refused").values_list("name", "reason"))
    assert refused == {
        "大文件.txt": "单个文件超过 40 KB",
        "003_e824e7fa6ddd1e25.txt": "超过本批 3 个文件上限",
        "004_138be65b98b13b66.txt": "超过本批 3 个文件上限",
    }
    assert job.total == 3 and job.summary["reports"] == 3
    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert "未检查的文件" in page and "超过本批 3 个文件上限" in page

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    response = supervisor.post("/supervision/audit/", {"files": seed_uploads(("001", "002", "003"))})
    assert response.status_code == 400 and "一次最多上传 3 个文件" in response.content.decode()
    empty = supervisor.post("/supervision/audit/", {})
    assert empty.status_code == 400 and "请选择报告文件" in empty.content.decode()
    settings.BULK_AUDIT_MAX_BATCH_BYTES = 64 * 1024  # the request may be 1 MB more (the form's own parts)
    huge = supervisor.post(
        "/supervision/audit/", {"files": as_uploads([("大.zip", b"PK\x03\x04" * 300_000)])}
    )
    assert huge.status_code == 413 and "上传内容超过本批 64 KB 上限" in huge.content.decode()
    assert BulkAudit.objects.count() == 1  # none of these started a job
    assert not list(spool.iterdir())  # the upload's temporary files are gone, refused or not


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_file_cannot_be_read_fails_with_a_message(supervisor):
    from django.core.files.storage import default_storage

    response = supervisor.post("/supervision/audit/", {"files": seed_uploads(("001",))})
    job = BulkAudit.objects.get()
    default_storage.delete(job.files.get().stored)  # lost from storage before the worker reads it
    work()
    job.refresh_from_db()
    assert job.status == "failed" and "检查中断" in job.error
    page = supervisor.get(response["Location"]).content.decode()
    assert "失败" in page and "检查中断" in page and 'http-equiv="refresh"' not in page
    supervisor.post(f"/supervision/audit/{job.pk}/delete/")
    assert not BulkAudit.objects.exists()
    assert AuditEntry.objects.filter(action="bulk_audit.delete").exists()


@pytest.mark.django_db(transaction=True)
def test_a_scanned_report_is_read_by_ocr_and_marked(supervisor):
    from gongkai.parsers import read_file
    from gongkai.renderers.pdf import to_pdf
    from tests.scans.generate import BY_NAME, scan

    seed = next(SEEDS.glob("001_*.txt"))
    data, suffix = scan(to_pdf(read_file(seed)), BY_NAME["skew"])  # a multi-page TIFF, no text anywhere
    job = audited_job(supervisor, as_uploads([(f"扫描件{suffix}", data)]))
    row = job.files.get()
    assert row.ocr and job.summary["ocr"] == 1
    assert (row.agency, row.year) == ("满洲里市统计局", 2020)  # seed 001's first line
    assert "parse.ocr_used" in rules(row)
    page = supervisor.get(f"/supervision/audit/{job.pk}/").content.decode()
    assert "OCR识别" in page


@pytest.mark.django_db(transaction=True)
def test_pdfs_are_read_in_worker_processes(supervisor, monkeypatch):
    from gongkai.parsers import read_file
    from gongkai.renderers.pdf import to_pdf
    from gongkai_platform.supervision import audit_jobs

    monkeypatch.setattr(audit_jobs, "PROCESSES", 2)  # a chunk with two PDFs goes to a process pool
    pdfs = [(f"{p.name[:3]}.pdf", to_pdf(read_file(p))) for p in sorted(SEEDS.glob("00[01]_*.txt"))]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    job = audited_job(supervisor, as_uploads(pdfs))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # the workers did the reading (and are gone): read in this process, no child would have used any CPU
    assert after.ru_utime + after.ru_stime > children.ru_utime + children.ru_stime
    rows = {f.name: f for f in job.files.all()}
    assert {"s3.balance", "s3.total_is_sum"} <= rules(rows["000.pdf"], "error")
    assert not rules(rows["001.pdf"], "error") and rows["001.pdf"].agency == "满洲里市统计局"


@pytest.mark.django_db(transaction=True)
def test_old_ended_jobs_are_pruned_with_their_files(supervisor):
    from datetime import timedelta

    from django.utils import timezone

    old = audited_job(supervisor, seed_uploads(("001",)))
    recent = audited_job(supervisor, seed_uploads(("002",)))
    BulkAudit.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=181))
    result = Path(old.result_xlsx.path)
    assert result.exists()
    out = io.StringIO()
    call_command("prune_bulk_audits", stdout=out)
    assert "已删除 1 次批量检查" in out.getvalue()
    assert list(BulkAudit.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not result.exists() and Path(recent.result_xlsx.path).exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_stopped_while_queued_leaves_nothing_for_the_worker(supervisor):
    supervisor.post("/supervision/audit/", {"files": [as_zip(batch_files()[:3])]})
    job = BulkAudit.objects.get()
    supervisor.post(f"/supervision/audit/{job.pk}/delete/")
    work()  # the queued step finds no job
    assert not BulkAudit.objects.exists()
    assert not [p for p in supervisor_media(job).rglob("*") if p.is_file()]  # the stored zip went with it
