package example.restaurant.application.projection;

import example.restaurant.application.publicevent.PublicEvent;
import java.util.Optional;

/**
 * The pure logic of one read model: which view an event touches, and what that view becomes. Views are keyed so that
 * events of different streams touch them through upserts and commutative updates: applying the events of several
 * streams in any interleaving that keeps each stream's own order gives the same views. Persistence, batching,
 * idempotency and leases live in the runtime and the adapters, not here.
 *
 * @param <K> the key of a view
 * @param <V> a view; {@code null} stands for "no view yet"
 */
public interface Projection<K, V> {

  /** The name of the read model, stable: it names its checkpoint and its collections. */
  String name();

  /** The view this event changes, if any. */
  Optional<K> keyOf(PublicEvent event);

  /** The view after the event; {@code view} is null when there is none yet. Never null. */
  V apply(K key, V view, PublicEvent event);
}
