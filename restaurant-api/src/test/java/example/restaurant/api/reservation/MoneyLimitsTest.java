package example.restaurant.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import example.restaurant.domain.table.Money;
import example.restaurant.domain.table.Quantity;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyLimitsTest {

  @Test
  void the_largest_payment_is_the_largest_money() {
    assertThat(new BigDecimal(MoneyLimits.AMOUNT_MAX)).isEqualByComparingTo(BigDecimal.valueOf(Money.MAX_CENTS, 2));
  }

  @Test
  void the_largest_bill_a_reservation_can_reach_is_still_money() {
    int mostDrinks = 2 * 50;
    assertThat(mostDrinks).isEqualTo(Quantity.MAX);
    assertThat(new BigDecimal(MoneyLimits.UNIT_PRICE_MAX).multiply(BigDecimal.valueOf(mostDrinks)))
        .isLessThanOrEqualTo(BigDecimal.valueOf(Money.MAX_CENTS, 2));
  }
}
