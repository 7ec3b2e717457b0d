"""The write path under faults: full disks, failed renames, other writers, links, odd files."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from blogtui.domain.files import fsio
from blogtui.domain.files.errors import ConflictError, OutsideRootError, PostReadError, WriteError
from blogtui.domain.files.fsio import atomic_write, create_new, read_bytes, sweep_temps
from blogtui.domain.files.locking import writer_lock
from blogtui.domain.ops.edit import edit_fields, load_post, save
from blogtui.domain.ops.fileops import duplicate_post, trash_post

ORIGINAL = b"---\ntitle: Old\n---\nbody\n"


@pytest.fixture
def post(tmp_path: Path) -> Path:
    path = tmp_path / "post.md"
    path.write_bytes(ORIGINAL)
    return path


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if fsio.TEMP_SUFFIX in p.name)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_failed_write_leaves_the_original_and_no_temp_file(
    post: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def failing_write(fd: int, data: bytes) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fsio.os, "write", failing_write)
    with pytest.raises(WriteError, match=os.strerror(code).lower()) as caught:
        atomic_write(post, b"new", expected=ORIGINAL)
    assert "Errno" not in str(caught.value) and str(post) not in str(caught.value)
    assert post.read_bytes() == ORIGINAL and debris(post.parent) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_failed_rename_leaves_the_original_and_no_temp_file(
    post: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    def failing_replace(source: str, target: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(fsio.os, "replace", failing_replace)
    with pytest.raises(WriteError):
        atomic_write(post, b"new", expected=ORIGINAL)
    assert post.read_bytes() == ORIGINAL and debris(post.parent) == []


def test_the_file_and_its_folder_are_fsynced(post: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(fsio.os, "fsync", recording_fsync)
    atomic_write(post, b"new", expected=ORIGINAL)
    assert any(fsio.TEMP_SUFFIX in name for name in synced)  # the data, before the rename
    assert str(post.parent) in synced  # the rename itself


def test_the_inode_changes_and_an_open_reader_keeps_the_old_bytes(post: Path) -> None:
    before = post.stat().st_ino
    with post.open("rb") as reader:
        atomic_write(post, b"new", expected=ORIGINAL)
        assert reader.read() == ORIGINAL
    assert post.stat().st_ino != before and post.read_bytes() == b"new"


def test_a_same_length_change_with_its_mtime_restored_is_a_conflict(post: Path) -> None:
    loaded = load_post(post)
    info = post.stat()
    post.write_bytes(ORIGINAL.replace(b"Old", b"New"))
    os.utime(post, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(ConflictError, match="changed on disk"):
        save(loaded, edit_fields(loaded, {("title",): "Mine"}))
    assert post.read_bytes() == ORIGINAL.replace(b"Old", b"New")


def test_a_removed_file_is_reported_as_removed(post: Path) -> None:
    loaded = load_post(post)
    post.unlink()
    with pytest.raises(ConflictError, match="removed"):
        save(loaded, edit_fields(loaded, {("title",): "Mine"}))
    assert not post.exists()


def test_the_writers_lock_serialises_processes(post: Path) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child holds the lock for a while
        with writer_lock(post):
            os.write(write_end, b"1")
            time.sleep(0.3)
            post.write_bytes(b"child")
        os._exit(0)
    os.read(read_end, 1)
    start = time.monotonic()
    with writer_lock(post):
        waited = time.monotonic() - start
        assert post.read_bytes() == b"child"
    os.waitpid(pid, 0)
    assert waited > 0.2


def test_the_writers_lock_is_reentrant_and_serialises_threads(post: Path) -> None:
    order: list[str] = []

    def other_thread() -> None:
        with writer_lock(post):
            order.append("t")

    with writer_lock(post), writer_lock(post):
        thread = threading.Thread(target=other_thread)
        thread.start()
        time.sleep(0.05)
        order.append("main")
    thread.join()
    assert order == ["main", "t"]


def test_create_new_appears_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.md"
    monkeypatch.setattr(fsio.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "")))
    with pytest.raises(WriteError):
        create_new(target, b"data")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    create_new(target, b"data")
    with pytest.raises(ConflictError):
        create_new(target, b"other")
    assert target.read_bytes() == b"data" and debris(tmp_path) == []


def test_a_failed_removal_after_the_link_leaves_one_file(
    post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refusing_unlink(path: object, *args: object, **kwargs: object) -> None:
        if str(path) == str(post):
            raise PermissionError(errno.EPERM, "Operation not permitted")
        os.remove(str(path))

    monkeypatch.setattr(fsio.os, "unlink", refusing_unlink)
    for _ in range(2):
        with pytest.raises(WriteError):
            trash_post(post.parent, post)
        with pytest.raises(WriteError):
            fsio.place_new(post, post.with_name("renamed.md"))
    assert sorted(p.name for p in post.parent.rglob("*.md")) == ["post.md"]


def test_a_move_never_falls_back_to_copying(post: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(fsio.os, "link", no_links)
    target = post.with_name("renamed.md")
    fsio.place_new(post, target)  # a plain rename stands in
    assert [p.name for p in post.parent.iterdir()] == ["renamed.md"] and target.exists()


def test_the_trash_is_ignored_by_git(post: Path) -> None:
    where = trash_post(post.parent, post)
    assert where.read_bytes() == ORIGINAL
    assert (post.parent / ".blogtui-trash" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_linked_post_is_trashed_as_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_bytes(ORIGINAL)
    link = tmp_path / "alias.md"
    link.symlink_to("real.md")
    where = trash_post(tmp_path, link)
    assert where.name == "alias.md" and where.is_symlink() and os.readlink(where) == "real.md"
    assert target.read_bytes() == ORIGINAL and not link.exists()


def test_links_out_of_the_root_are_never_read_or_written(tmp_path: Path) -> None:
    root, outside = tmp_path / "site", tmp_path / "secret"
    root.mkdir()
    outside.write_bytes(b"Host *\n  IdentityFile key\n")
    (root / "notes.md").symlink_to(outside)
    (root / "inside.md").write_bytes(ORIGINAL)
    (root / "alias.md").symlink_to("inside.md")
    with pytest.raises(OutsideRootError, match="outside the content folder"):
        read_bytes(root / "notes.md", root=root)
    with pytest.raises(OutsideRootError):
        load_post(root / "notes.md", root)
    with pytest.raises(OutsideRootError):
        atomic_write(root / "notes.md", b"---\n---\n", expected=outside.read_bytes(), root=root)
    assert outside.read_bytes() == b"Host *\n  IdentityFile key\n"
    loaded = load_post(root / "alias.md", root)
    save(loaded, edit_fields(loaded, {("title",): "Through the link"}))
    assert (root / "alias.md").is_symlink() and b"Through the link" in (
        root / "inside.md"
    ).read_bytes()
    with pytest.raises(OutsideRootError):
        duplicate_post(root / "notes.md", root)


def test_fifos_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(PostReadError, match="not a regular file \\(a FIFO\\)"):
        read_bytes(fifo)


def test_files_over_the_limit_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * (fsio.MAX_POST_BYTES + 1))
    with pytest.raises(PostReadError, match="over 8 MB"):
        read_bytes(big)
    big.write_bytes(b"x" * fsio.MAX_POST_BYTES)
    assert len(read_bytes(big)) == fsio.MAX_POST_BYTES


def test_stale_temp_files_are_swept_but_never_a_live_writers(tmp_path: Path) -> None:
    stale = tmp_path / f".post.md.abc{fsio.TEMP_SUFFIX}"
    young = tmp_path / f".post.md.def{fsio.TEMP_SUFFIX}"
    held = tmp_path / f".post.md.ghi{fsio.TEMP_SUFFIX}"
    for path in (stale, young, held):
        path.write_bytes(b"partial")
    old = time.time() - 60
    os.utime(stale, (old, old))
    os.utime(held, (old, old))
    import fcntl

    with held.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)
        removed = sweep_temps([stale, young, held, tmp_path / "post.md"])
    assert removed == [str(stale)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([held.name, young.name])


def test_extended_attributes_survive_a_save(post: Path) -> None:
    try:
        os.setxattr(post, "user.blogtui-test", b"kept")
    except OSError as exc:
        pytest.skip(f"this file system has no user extended attributes ({exc.strerror})")
    atomic_write(post, b"new", expected=ORIGINAL)
    assert os.getxattr(post, "user.blogtui-test") == b"kept"


def test_permissions_are_kept(post: Path) -> None:
    post.chmod(0o640)
    atomic_write(post, b"new", expected=ORIGINAL)
    assert post.stat().st_mode & 0o777 == 0o640


def test_the_post_save_returns_is_the_post_on_disk_and_saves_again(tmp_path: Path) -> None:
    root = tmp_path
    path = root / "p.md"
    path.write_bytes(ORIGINAL)
    first = load_post(path, root)
    second = save(first, edit_fields(first, {("title",): "One"}))
    assert second.path == path and second.root == root
    assert second.raw == path.read_bytes() and second.doc.text.encode() == second.raw
    assert second.metadata == {"title": "One"} == load_post(path, root).metadata
    third = save(second, edit_fields(second, {("title",): "Two"}))  # no conflict with itself
    assert third.metadata == {"title": "Two"} and third.raw == path.read_bytes()
    assert save(third, edit_fields(third, {("title",): "Two"})) is third  # nothing to write


def test_a_link_swapped_in_after_loading_is_never_written_through(tmp_path: Path) -> None:
    root, outside = tmp_path / "site", tmp_path / "secret"
    root.mkdir()
    outside.write_bytes(ORIGINAL)  # the same bytes: only the root check can stop the write
    path = root / "p.md"
    path.write_bytes(ORIGINAL)
    loaded = load_post(path, root)
    path.unlink()
    path.symlink_to(outside)
    with pytest.raises(OutsideRootError):
        save(loaded, edit_fields(loaded, {("title",): "Leak"}))
    assert outside.read_bytes() == ORIGINAL


def test_atomic_write_creates_a_new_file_when_none_is_expected(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    atomic_write(target, b"fresh", expected=None)
    assert target.read_bytes() == b"fresh"
    with pytest.raises(ConflictError) as caught:
        atomic_write(target, b"again", expected=None)
    assert str(caught.value) == "already exists"


@pytest.mark.parametrize("mode", [0o444, 0o555, 0o400])
def test_a_file_without_write_bits_is_refused_even_for_root(post: Path, mode: int) -> None:
    post.chmod(mode)
    with pytest.raises(WriteError) as caught:
        atomic_write(post, b"new", expected=ORIGINAL)
    assert str(caught.value) == "file is read-only; nothing was written"
    assert post.read_bytes() == ORIGINAL and debris(post.parent) == []


def test_the_temp_file_is_hidden_beside_the_post(
    post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[str] = []
    real = os.replace

    def recording(source: str, target: object) -> None:
        renamed.append(source)
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(fsio.os, "replace", recording)
    atomic_write(post, b"new", expected=ORIGINAL)
    (temp,) = renamed
    assert Path(temp).parent == post.parent
    assert Path(temp).name.startswith(".post.md.") and temp.endswith(fsio.TEMP_SUFFIX)


def test_a_live_writers_temp_file_is_never_swept(tmp_path: Path) -> None:
    temp = fsio._write_temp(tmp_path, "p.md", b"being written")
    old = time.time() - 60
    os.utime(temp.name, (old, old))
    try:
        assert sweep_temps([temp.name]) == [] and Path(temp.name).exists()
    finally:
        temp.discard()
    assert list(tmp_path.iterdir()) == []


def test_new_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        create_new(tmp_path / "a.md", b"x")
        atomic_write(tmp_path / "b.md", b"x", expected=None)
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "b.md").stat().st_mode & 0o777 == 0o640


def test_conflict_and_failure_messages_are_exact(
    post: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = load_post(post)
    post.write_bytes(ORIGINAL + b"more\n")
    with pytest.raises(ConflictError) as changed:
        save(loaded, edit_fields(loaded, {("title",): "x"}))
    assert str(changed.value) == "changed on disk since it was loaded"
    post.unlink()
    with pytest.raises(ConflictError) as removed:
        save(loaded, edit_fields(loaded, {("title",): "x"}))
    assert str(removed.value) == "was removed since it was loaded"
    post.write_bytes(ORIGINAL)

    def failing_replace(source: str, target: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(fsio.os, "replace", failing_replace)
    with pytest.raises(WriteError) as failed:
        atomic_write(post, b"new", expected=ORIGINAL)
    assert str(failed.value) == "save failed: input/output error; nothing was changed"


def test_file_operations_are_undone_exactly_and_never_over_another_file(tmp_path: Path) -> None:
    from blogtui.domain.ops.fileops import FileOperation, undo

    post = tmp_path / "post.md"
    post.write_bytes(ORIGINAL)
    where = trash_post(tmp_path, post)
    assert undo(tmp_path, FileOperation("delete", post, where)) == post
    assert post.read_bytes() == ORIGINAL and not where.exists()
    copy = duplicate_post(post)
    trashed = undo(tmp_path, FileOperation("duplicate", post, copy))
    assert not copy.exists() and trashed.read_bytes() == ORIGINAL
    assert trashed.is_relative_to(tmp_path / ".blogtui-trash")
    where = trash_post(tmp_path, post)
    post.write_bytes(b"a new post took the name")
    with pytest.raises(ConflictError):
        undo(tmp_path, FileOperation("delete", post, where))
    assert post.read_bytes() == b"a new post took the name" and where.read_bytes() == ORIGINAL
