package example.restaurant.application.port;

import example.restaurant.application.projection.Projection;
import example.restaurant.application.projection.ViewStores;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Generations of in-memory view stores, swapped the way the real ones are. */
public final class InMemoryViewStores implements ViewStores {

  private final Map<String, InMemoryViewStore<?, ?>> active = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  public <K, V> InMemoryViewStore<K, V> activeGeneration(Projection<K, V> projection) {
    return (InMemoryViewStore<K, V>) active.computeIfAbsent(projection.name(), n -> new InMemoryViewStore<>());
  }

  @Override
  public <K, V> ViewStore<K, V> active(Projection<K, V> projection) {
    return new ViewStore<>() {
      @Override
      public Map<K, Positioned<V>> load(Collection<K> keys) {
        return activeGeneration(projection).load(keys);
      }

      @Override
      public void save(Collection<ViewUpdate<K, V>> updates) {
        activeGeneration(projection).save(updates);
      }

      @Override
      public List<Positioned<V>> all() {
        return activeGeneration(projection).all();
      }
    };
  }

  @Override
  public <K, V> ViewStore<K, V> newGeneration(Projection<K, V> projection) {
    return new InMemoryViewStore<>();
  }

  @Override
  public <K, V> void activate(Projection<K, V> projection, ViewStore<K, V> generation) {
    active.put(projection.name(), (InMemoryViewStore<?, ?>) generation);
  }
}
