package example.restaurant.application.table;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a command arrived.
 *
 * @param commandId unique per command; the same id means the same command again (the store writes it once)
 * @param repeatable true when the id comes from the client (an idempotency key) and may name a command that was
 *     already recorded; a random id never does, which saves a lookup
 * @param expectedVersion the version the client saw (If-Match); when present the command is not retried on a race
 */
public record CommandContext(
    String commandId, String correlationId, String causationId, boolean repeatable, OptionalLong expectedVersion) {

  public CommandContext {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(causationId, "causationId");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
  }
}
