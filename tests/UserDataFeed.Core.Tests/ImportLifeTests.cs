using UserDataFeed.Core.Imports;
using UserDataFeed.Core.Planning;
using static UserDataFeed.Core.Tests.Builders;

namespace UserDataFeed.Core.Tests;

/// <summary>An import's life (<see cref="ImportLife"/>): each path a record takes from queued to final, as the runner walks it.</summary>
public sealed class ImportLifeTests
{
    private static readonly ImportCounts PlanCounts = new(10, 4, 3, 3, 0, 0, 0, 0);

    private static ImportRecord Queued() => ImportLife.Queued("imp-1", "acme", "incoming/users.csv", "\"e1\"", 1234, Now);

    [Fact]
    public void A_file_is_queued_started_written_and_completed()
    {
        var queued = Queued();
        var planning = ImportLife.Started(queued, "host:1");
        var writing = ImportLife.Writing(planning, PlanCounts, planChanges: 7, skip: 0, basis: "empty");
        var halfway = ImportLife.Progressed(writing, 4);
        var done = ImportLife.Completed(halfway, PlanCounts, Now.AddMinutes(1));

        Assert.Equal((ImportStatus.Running, ImportPhase.Queued, false), (queued.Status, queued.Phase, queued.IsFinal));
        Assert.Equal((ImportPhase.Planning, "host:1", 1, false), (planning.Phase, planning.Worker, planning.Attempts, planning.IsFinal));
        Assert.Equal((ImportPhase.Writing, true, 7, 0, "empty"), (writing.Phase, writing.Planned, writing.PlannedChanges, writing.AppliedChanges, writing.PlanBasis));
        Assert.Equal(4, halfway.AppliedChanges);
        Assert.Equal((ImportStatus.Completed, null, 7, Now.AddMinutes(1), true), (done.Status, done.Phase, done.AppliedChanges, done.FinishedAt, done.IsFinal));
    }

    [Fact]
    public void Errors_complete_it_with_errors()
    {
        var writing = ImportLife.Writing(ImportLife.Started(Queued(), "host:1"), PlanCounts, 7, 0, null);

        Assert.Equal(ImportStatus.CompletedWithErrors, ImportLife.Completed(writing, PlanCounts with { Errors = 1 }, Now).Status);
    }

    [Fact]
    public void A_paused_run_is_continued_in_the_same_attempt_and_skips_what_it_wrote()
    {
        var writing = ImportLife.Writing(ImportLife.Started(Queued(), "host:1"), PlanCounts, planChanges: 7, skip: 0, basis: "digest:5");
        var paused = ImportLife.Paused(writing, written: 5, digestVersion: 42);
        var continued = ImportLife.Started(paused, "host:2");
        var again = ImportLife.Writing(continued, PlanCounts with { Created = 99 }, planChanges: 7, skip: continued.AppliedChanges, basis: "digest:5");

        Assert.Equal((true, 5, 42L, ImportStatus.Running, false), (paused.Paused, paused.AppliedChanges, paused.DigestVersion, paused.Status, paused.IsFinal));
        Assert.Equal((1, 1, false, "host:2"), (continued.Attempts, continued.Continuations, continued.Paused, continued.Worker));
        Assert.Equal((7, 5, PlanCounts, "digest:5"), (again.PlannedChanges, again.AppliedChanges, again.Counts, again.PlanBasis)); // the first plan's counts stay
    }

    [Fact]
    public void A_continuation_that_plans_against_the_users_as_written_counts_on_from_what_is_left()
    {
        var paused = ImportLife.Paused(ImportLife.Writing(ImportLife.Started(Queued(), "host:1"), PlanCounts, 7, 0, "digest:5"), 5, 42);

        var remade = ImportLife.Writing(ImportLife.Started(paused, "host:2"), PlanCounts, planChanges: 2, skip: 0, basis: "digest:6");

        Assert.Equal((7, 5, null), (remade.PlannedChanges, remade.AppliedChanges, remade.PlanBasis)); // the rest's plan cannot be made again as the whole
    }

    [Fact]
    public void A_plan_of_the_rest_kept_over_another_pause_goes_on_after_the_changes_it_wrote_itself()
    {
        var paused = ImportLife.Paused(ImportLife.Writing(ImportLife.Started(Queued(), "host:1"), PlanCounts, 7, 0, "digest:5"), 5, 42);
        var rest = ImportLife.Writing(ImportLife.Started(paused, "host:2"), PlanCounts, planChanges: 2, skip: 0, basis: null);
        var continued = ImportLife.Started(ImportLife.Paused(rest, written: 1, digestVersion: 43), "host:2");

        var skip = ImportLife.WrittenOf(continued, planChanges: 2);
        var again = ImportLife.Writing(continued, PlanCounts, planChanges: 2, skip, basis: null);

        Assert.Equal(1, skip); // the first of the rest's two changes, not the import's six written
        Assert.Equal((7, 6, null), (again.PlannedChanges, again.AppliedChanges, again.PlanBasis));
    }

    [Fact]
    public void A_store_fault_is_retried_while_attempts_are_left_then_given_up_and_a_bug_never()
    {
        var first = ImportLife.Started(Queued(), "host:1");
        var faulted = ImportLife.Stopped(first, storeFault: true, "RequestFailedException", maxAttempts: 2, Now);
        var second = ImportLife.Started(faulted, "host:1");
        var givenUp = ImportLife.Stopped(second, storeFault: true, "RequestFailedException", maxAttempts: 2, Now);
        var bug = ImportLife.Stopped(first, storeFault: false, "NullReferenceException", maxAttempts: 2, Now);

        Assert.Equal((ImportStatus.Failed, true, false), (faulted.Status, faulted.RetryPending, faulted.IsFinal));
        Assert.Equal((2, false), (second.Attempts, second.RetryPending));
        Assert.Equal((false, true), (givenUp.RetryPending, givenUp.IsFinal));
        Assert.Contains("given up", givenUp.Reason, StringComparison.Ordinal);
        Assert.Equal((false, true), (bug.RetryPending, bug.IsFinal));
        Assert.Contains("NullReferenceException", bug.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_held_import_waits_for_an_admin_who_approves_or_rejects_it()
    {
        var held = ImportLife.Held(ImportLife.Started(Queued(), "host:1"), PlanCounts, "too many deactivations", Now);
        var approved = ImportLife.Approved(held);
        var rejected = ImportLife.Rejected(held, Now.AddHours(1));

        Assert.Equal((ImportStatus.Held, "too many deactivations", PlanCounts, false), (held.Status, held.Reason, held.Counts, held.IsFinal));
        Assert.Equal((ImportStatus.Running, ImportPhase.Queued, true, null, null), (approved.Status, approved.Phase, approved.Approved, approved.Reason, approved.FinishedAt));
        Assert.Equal((ImportStatus.Rejected, true), (rejected.Status, rejected.IsFinal));
        Assert.Equal(2, ImportLife.Started(approved, "host:1").Attempts);
    }

    [Fact]
    public void The_outcome_is_final_only_once_the_upload_is_filed_away()
    {
        var done = ImportLife.Completed(ImportLife.Writing(ImportLife.Started(Queued(), "host:1"), PlanCounts, 7, 0, null), PlanCounts, Now);
        var refused = ImportLife.FileRefused(ImportLife.Started(Queued(), "host:1"), "The file has no header row.", Now);

        var reporting = ImportLife.Reporting(done);
        var filed = ImportLife.FiledAway(reporting);

        Assert.Equal((ImportStatus.Running, ImportPhase.Reporting, ImportStatus.Completed, false), (reporting.Status, reporting.Phase, reporting.Outcome, reporting.IsFinal));
        Assert.Equal((ImportStatus.Completed, null, null, true), (filed.Status, filed.Phase, filed.Outcome, filed.IsFinal));
        Assert.Equal(ImportStatus.Failed, ImportLife.FiledAway(ImportLife.Reporting(refused)).Status);
        Assert.Equal((false, "The file has no header row."), (refused.RetryPending, refused.Reason));
    }
}
