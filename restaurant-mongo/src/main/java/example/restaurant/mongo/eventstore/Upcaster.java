package example.restaurant.mongo.eventstore;

import org.bson.Document;

/**
 * Brings the stored data of an older schema version one step forward. The store calls it once per step, from the
 * stored schema version up to {@link EventTypeRegistry#currentSchemaVersion}, before it decodes the event; stored
 * documents are never rewritten.
 */
@FunctionalInterface
public interface Upcaster {

  /** No older schema versions exist yet: meeting one is a bug or foreign data, so it fails loudly. */
  Upcaster NONE =
      (type, fromSchemaVersion, data) -> {
        throw new UnreadableEventException(
            "no upcaster for " + type + " from schema version " + fromSchemaVersion);
      };

  /** The data of an event of {@code type} stored at {@code fromSchemaVersion}, shaped as version + 1. */
  Document upcast(String type, int fromSchemaVersion, Document data);
}
