import pytest

from vrijetijd_cli.reports import parallel


def test_jobs_run_side_by_side_and_return_their_results_in_order():
    assert parallel.run([lambda: 1, lambda: "twee", lambda: [3]]) == [1, "twee", [3]]


def test_an_error_in_a_job_reaches_the_caller_after_all_jobs_ended():
    finished = []

    def slow():
        finished.append("slow")
        return "ok"

    def broken():
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        parallel.run([slow, broken])
    assert finished == ["slow"]


def test_readers_see_the_same_snapshot_and_none_inside_a_write(db):
    db.execute("BEGIN")
    with parallel.readers(db, 2) as extra:
        assert len(extra) == 2
        counts = [c.execute("SELECT COUNT(*) FROM partners").fetchone()[0] for c in extra]
        assert counts == [7, 7]
    db.execute("COMMIT")
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO audit_log (at, os_user, command, entity, action) VALUES ('x', 'u', 'c', 'e', 'a')")
    with parallel.readers(db, 2) as extra:
        # the other connections cannot see this uncommitted write: the report stays on one connection
        assert extra == []
    db.execute("ROLLBACK")
