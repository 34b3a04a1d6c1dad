package example.restaurant.application.port;

import java.util.Objects;

/**
 * Who caused an event: the command that recorded it, the conversation it belongs to, and the message that caused
 * the command. All three are opaque strings of at most 200 characters.
 */
public record EventMetadata(String commandId, String correlationId, String causationId) {

  public EventMetadata {
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(causationId, "causationId");
  }
}
