package example.restaurant.application.port;

import example.restaurant.application.projection.ViewStores;
import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.application.port.ViewStore.ViewUpdate;
import example.restaurant.application.projection.ProductSales;
import example.restaurant.application.projection.TopOrdersProjection;
import example.restaurant.domain.table.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ViewStores} and its {@link ViewStore}s must do, shown on the top-orders read model. An adapter's
 * test extends this class and hands out fresh, empty stores from {@link #newStores()}.
 */
public abstract class ViewStoreContract {

  protected static final TopOrdersProjection TOP_ORDERS = new TopOrdersProjection();
  protected static final ProductId COLA = new ProductId(1);
  protected static final ProductId BEER = new ProductId(2);
  protected static final ProductId WINE = new ProductId(3);

  private ViewStores stores;
  private ViewStore<ProductId, ProductSales> views;

  /** Stores that hold no views, called before every test. */
  /** False for a server whose conditional updates are not atomic, where racing writers are not supported. */
  protected boolean atomicSingleDocumentUpdates() {
    return true;
  }

  protected abstract ViewStores newStores();

  @BeforeEach
  void freshStores() {
    stores = newStores();
    views = stores.active(TOP_ORDERS);
  }

  protected static ProductSales sales(ProductId product, long quantity) {
    return new ProductSales(product, "Product " + product.value(), quantity, quantity, quantity * 250);
  }

  protected static ViewUpdate<ProductId, ProductSales> update(ProductId product, long quantity, long position) {
    return new ViewUpdate<>(product, sales(product, quantity), position);
  }

  @Nested
  class Loading {

    @Test
    void returns_only_the_keys_that_have_a_view() {
      views.save(List.of(update(COLA, 2, 4)));

      assertThat(views.load(List.of(COLA, BEER))).isEqualTo(Map.of(COLA, new Positioned<>(sales(COLA, 2), 4)));
    }

    @Test
    void of_no_keys_or_an_empty_store_is_empty() {
      assertThat(views.load(List.of())).isEmpty();
      assertThat(views.load(List.of(COLA))).isEmpty();
      assertThat(views.all()).isEmpty();
    }

    @Test
    void all_returns_every_view_with_its_position() {
      views.save(List.of(update(COLA, 1, 3), update(BEER, 5, 7), update(WINE, 2, 9)));

      assertThat(views.all()).containsExactlyInAnyOrder(
          new Positioned<>(sales(COLA, 1), 3),
          new Positioned<>(sales(BEER, 5), 7),
          new Positioned<>(sales(WINE, 2), 9));
    }
  }

  @Nested
  class GuardedSave {

    @Test
    void never_moves_a_view_back_to_an_older_position() {
      views.save(List.of(update(COLA, 5, 5)));
      views.save(List.of(update(COLA, 3, 3)));

      assertThat(views.load(List.of(COLA))).containsEntry(COLA, new Positioned<>(sales(COLA, 5), 5));
    }

    @Test
    void replaces_a_view_at_the_same_or_a_later_position() {
      views.save(List.of(update(COLA, 5, 5)));
      views.save(List.of(update(COLA, 6, 5)));
      assertThat(views.load(List.of(COLA))).containsEntry(COLA, new Positioned<>(sales(COLA, 6), 5));

      views.save(List.of(update(COLA, 8, 11)));
      assertThat(views.load(List.of(COLA))).containsEntry(COLA, new Positioned<>(sales(COLA, 8), 11));
    }

    @Test
    void stores_the_newer_views_of_a_batch_in_which_others_are_stale() {
      views.save(List.of(update(COLA, 5, 5), update(BEER, 1, 2)));

      views.save(List.of(update(COLA, 3, 3), update(BEER, 4, 6), update(WINE, 1, 4)));

      assertThat(views.load(List.of(COLA, BEER, WINE))).isEqualTo(Map.of(
          COLA, new Positioned<>(sales(COLA, 5), 5),
          BEER, new Positioned<>(sales(BEER, 4), 6),
          WINE, new Positioned<>(sales(WINE, 1), 4)));
    }

    @Test
    void a_batch_saved_twice_changes_nothing() {
      List<ViewUpdate<ProductId, ProductSales>> batch = List.of(update(COLA, 2, 8), update(BEER, 3, 9));
      views.save(batch);
      views.save(batch);

      assertThat(views.all()).containsExactlyInAnyOrder(
          new Positioned<>(sales(COLA, 2), 8), new Positioned<>(sales(BEER, 3), 9));
    }

    @Test
    void concurrent_writers_leave_the_newest_view_of_every_key() throws Exception {
      org.junit.jupiter.api.Assumptions.assumeTrue(atomicSingleDocumentUpdates(),
          "this server does not apply a guarded update atomically (FerretDB 1.x, docs/compatibility.md row 1):"
              + " two writers of one read model can race; the fenced lease keeps it to one writer");
      int writers = 4;
      int keys = 20;
      try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          done.add(pool.submit(() -> {
            for (int round = 0; round < 5; round++) {
              List<ViewUpdate<ProductId, ProductSales>> batch = new ArrayList<>();
              for (int k = 1; k <= keys; k++) {
                long position = round * writers + (writer + k) % writers;
                batch.add(update(new ProductId(k), position, position));
              }
              views.save(batch);
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      }

      long newest = 5L * writers - 1;
      assertThat(views.all()).hasSize(keys)
          .allSatisfy(v -> assertThat(v).isEqualTo(new Positioned<>(sales(v.view().productId(), newest), newest)));
    }

    @Test
    void of_nothing_is_allowed() {
      views.save(List.of());

      assertThat(views.all()).isEmpty();
    }
  }

  @Nested
  class Generations {

    @Test
    void a_new_generation_is_empty_and_not_served_until_activated() {
      views.save(List.of(update(COLA, 1, 1)));

      ViewStore<ProductId, ProductSales> next = stores.newGeneration(TOP_ORDERS);
      assertThat(next.all()).isEmpty();
      next.save(List.of(update(BEER, 2, 2)));

      assertThat(views.all()).containsExactly(new Positioned<>(sales(COLA, 1), 1));
      assertThat(stores.active(TOP_ORDERS).load(List.of(BEER))).isEmpty();
    }

    @Test
    void once_activated_it_is_what_every_active_store_reads_and_writes() {
      views.save(List.of(update(COLA, 1, 1)));
      ViewStore<ProductId, ProductSales> next = stores.newGeneration(TOP_ORDERS);
      next.save(List.of(update(BEER, 2, 2)));

      stores.activate(TOP_ORDERS, next);

      assertThat(views.all()).containsExactly(new Positioned<>(sales(BEER, 2), 2));
      assertThat(stores.active(TOP_ORDERS).load(List.of(COLA, BEER))).containsOnlyKeys(BEER);
      views.save(List.of(update(WINE, 3, 3)));
      assertThat(next.load(List.of(WINE))).containsEntry(WINE, new Positioned<>(sales(WINE, 3), 3));
    }

    @Test
    void a_second_rebuild_replaces_the_first() {
      ViewStore<ProductId, ProductSales> second = stores.newGeneration(TOP_ORDERS);
      second.save(List.of(update(COLA, 1, 1)));
      stores.activate(TOP_ORDERS, second);
      ViewStore<ProductId, ProductSales> third = stores.newGeneration(TOP_ORDERS);
      third.save(List.of(update(COLA, 2, 1)));
      stores.activate(TOP_ORDERS, third);

      assertThat(views.all()).containsExactly(new Positioned<>(sales(COLA, 2), 1));
    }
  }
}
