namespace Notifications.Router.Quiet;

/// <summary>
/// Called between taking a due summary from Redis and sending its command, the one step where a crash must not lose
/// it (the taken summary stays in <c>quiet-taken:{summaryId}</c> until its command is out). None is registered in the
/// service: the pipeline tests register one to stop the router exactly there and check that a new router sends it once.
/// </summary>
public interface IQuietSummaryTakenHook
{
    Task TakenAsync(string summaryId, CancellationToken cancellationToken);
}
