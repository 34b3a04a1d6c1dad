package example.restaurant.application.port;

/**
 * Where a commit landed in its stream.
 *
 * @param firstVersion the version of its first event
 * @param lastVersion the version of its last event: the stream's version right after the commit
 * @param duplicate true when a commit with the same command id was already stored; nothing new was written and
 *     the versions are those of the first commit
 */
public record AppendResult(long firstVersion, long lastVersion, boolean duplicate) {}
