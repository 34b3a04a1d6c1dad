package example.restaurant.domain.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueObjectsTest {

  @Nested
  class Money_ {

    @Test
    void is_exact_to_the_cent() {
      assertThat(Money.of("0.10").times(3)).isEqualTo(Money.of("0.30"));
      assertThat(Money.of("14").toBigDecimal()).isEqualByComparingTo("14.00").hasToString("14.00");
      assertThat(Money.of("3.5").cents()).isEqualTo(350);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "0.001", "-1", "-0.01", "1000000000.01"})
    void refuses_more_than_two_decimals_negative_or_huge_amounts(String amount) {
      assertThatThrownBy(() -> Money.of(new BigDecimal(amount), "unitPrice"))
          .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("unitPrice"));
    }

    @Test
    void accepts_trailing_zeros_beyond_two_decimals() {
      assertThat(Money.of(new BigDecimal("2.500"), "unitPrice")).isEqualTo(Money.of("2.50"));
    }
  }

  @Test
  void a_unit_price_is_at_most_ten_million_so_that_no_bill_can_overflow() {
    assertThatThrownBy(() -> TableScenario.drinks(1, 1, "10000000.01"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("unitPrice"));
    Table full = Table.replay(java.util.List.of(TableScenario.reserved(50)));
    for (int i = 1; i <= 100; i++) {
      full = full.evolve(TableScenario.ordered(i, 1, "10000000"));
    }
    assertThat(full.bill()).isEqualTo(Money.ofCents(Money.MAX_CENTS));
  }

  @Test
  void names_must_not_be_blank_nor_longer_than_100() {
    assertThatThrownBy(() -> new PartyName(" ")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new PartyName("x".repeat(101))).isInstanceOf(InvalidValueException.class);
    assertThat(new PartyName("x".repeat(100)).value()).hasSize(100);
  }

  @Test
  void guests_are_between_1_and_50() {
    assertThatThrownBy(() -> new GuestCount(0)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new GuestCount(51)).isInstanceOf(InvalidValueException.class);
    assertThat(new GuestCount(50).drinksAllowed()).isEqualTo(100);
  }

  @Test
  void quantities_are_between_1_and_100() {
    assertThatThrownBy(() -> new Quantity(0)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new Quantity(101)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void table_and_product_ids_are_positive() {
    assertThatThrownBy(() -> new TableId(0)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new ProductId(-1)).isInstanceOf(InvalidValueException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not-a-uuid", "1-2-3-4-5", "00000000-0000-0000-0000-00000000000g"})
  void ids_are_canonical_uuids(String text) {
    assertThatThrownBy(() -> ReservationId.parse(text))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("reservationId"));
  }
}
