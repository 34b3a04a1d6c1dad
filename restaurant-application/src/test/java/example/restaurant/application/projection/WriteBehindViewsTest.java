package example.restaurant.application.projection;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.application.port.InMemoryViewStore;
import example.restaurant.application.port.ViewStore.Positioned;
import example.restaurant.application.port.ViewStore.ViewUpdate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteBehindViewsTest {

  private final InMemoryViewStore<String, Integer> generation = new InMemoryViewStore<>();
  private final WriteBehindViews<String, Integer> views = new WriteBehindViews<>(generation, 3);

  @Test
  void holds_views_in_memory_and_writes_them_in_one_save_once_it_holds_enough() {
    views.save(List.of(new ViewUpdate<>("a", 1, 1), new ViewUpdate<>("b", 2, 2)));
    views.save(List.of(new ViewUpdate<>("a", 10, 3)));

    assertThat(generation.saves()).isZero();
    assertThat(views.load(List.of("a", "b", "c")))
        .isEqualTo(Map.of("a", new Positioned<>(10, 3), "b", new Positioned<>(2, 2)));

    views.save(List.of(new ViewUpdate<>("c", 3, 4)));

    assertThat(generation.saves()).isEqualTo(1);
    assertThat(generation.snapshot()).isEqualTo(Map.of("a", 10, "b", 2, "c", 3));
  }

  @Test
  void once_written_out_a_view_is_loaded_from_the_generation_and_a_later_one_replaces_it_at_the_flush() {
    views.save(List.of(new ViewUpdate<>("a", 1, 1), new ViewUpdate<>("b", 2, 2), new ViewUpdate<>("c", 3, 3)));

    assertThat(views.load(List.of("a"))).isEqualTo(Map.of("a", new Positioned<>(1, 1)));
    views.save(List.of(new ViewUpdate<>("a", 5, 7)));
    assertThat(generation.snapshot()).containsEntry("a", 1);

    views.flush();

    assertThat(generation.snapshot()).isEqualTo(Map.of("a", 5, "b", 2, "c", 3));
  }

  @Test
  void an_older_update_of_a_held_view_is_ignored() {
    views.save(List.of(new ViewUpdate<>("a", 9, 9)));
    views.save(List.of(new ViewUpdate<>("a", 1, 1)));
    views.flush();

    assertThat(generation.snapshot()).isEqualTo(Map.of("a", 9));
  }
}
