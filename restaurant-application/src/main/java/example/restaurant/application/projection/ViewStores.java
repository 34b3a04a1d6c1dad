package example.restaurant.application.projection;

import example.restaurant.application.port.ViewStore;


/**
 * The stores of all read models, each in generations: queries and the live projector use the active one; a rebuild
 * fills a new one from the whole history and then makes it active, while the old one kept serving.
 */
public interface ViewStores {

  /** The store that always reads and writes the active generation. */
  <K, V> ViewStore<K, V> active(Projection<K, V> projection);

  /** A new, empty generation, not yet active. */
  <K, V> ViewStore<K, V> newGeneration(Projection<K, V> projection);

  /** Makes that generation the active one and drops the one it replaces. */
  <K, V> void activate(Projection<K, V> projection, ViewStore<K, V> generation);
}
