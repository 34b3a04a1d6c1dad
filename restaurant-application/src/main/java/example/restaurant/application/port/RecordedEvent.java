package example.restaurant.application.port;

import example.restaurant.domain.table.TableEvent;
import java.time.Instant;

/** An event as the store keeps it: its version in its stream (from 1), when it happened, and its metadata. */
public record RecordedEvent(long version, Instant occurredAt, TableEvent event, EventMetadata metadata) {}
