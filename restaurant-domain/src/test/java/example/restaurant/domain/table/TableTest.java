package example.restaurant.domain.table;

import static example.restaurant.domain.table.TableScenario.cancel;
import static example.restaurant.domain.table.TableScenario.cancelled;
import static example.restaurant.domain.table.TableScenario.drinks;
import static example.restaurant.domain.table.TableScenario.given;
import static example.restaurant.domain.table.TableScenario.leave;
import static example.restaurant.domain.table.TableScenario.left;
import static example.restaurant.domain.table.TableScenario.order;
import static example.restaurant.domain.table.TableScenario.orderId;
import static example.restaurant.domain.table.TableScenario.ordered;
import static example.restaurant.domain.table.TableScenario.paid;
import static example.restaurant.domain.table.TableScenario.pay;
import static example.restaurant.domain.table.TableScenario.reserve;
import static example.restaurant.domain.table.TableScenario.reserved;
import static example.restaurant.domain.table.TableScenario.serve;
import static example.restaurant.domain.table.TableScenario.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.restaurant.domain.table.TableEvent.BillPaid;
import example.restaurant.domain.table.TableEvent.DrinksOrderCancelled;
import example.restaurant.domain.table.TableEvent.DrinksOrdered;
import example.restaurant.domain.table.TableEvent.DrinksServed;
import example.restaurant.domain.table.TableEvent.TableLeft;
import example.restaurant.domain.table.TableRuleViolation.AlreadyPaid;
import example.restaurant.domain.table.TableRuleViolation.BillNotPaid;
import example.restaurant.domain.table.TableRuleViolation.InsufficientPayment;
import example.restaurant.domain.table.TableRuleViolation.NothingToPay;
import example.restaurant.domain.table.TableRuleViolation.OrderAlreadyServed;
import example.restaurant.domain.table.TableRuleViolation.OrderCancelled;
import example.restaurant.domain.table.TableRuleViolation.OrderIdConflict;
import example.restaurant.domain.table.TableRuleViolation.OrderNotFound;
import example.restaurant.domain.table.TableRuleViolation.OrdersPending;
import example.restaurant.domain.table.TableRuleViolation.ReservationClosed;
import example.restaurant.domain.table.TableRuleViolation.ReservationNotFound;
import example.restaurant.domain.table.TableRuleViolation.TooManyDrinks;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TableTest {

  @Nested
  class Reserving {

    @Test
    void a_new_stream_starts_with_TableReserved() {
      given().when(reserve(4)).then(reserved(4));
    }

    @Test
    void an_existing_reservation_cannot_be_reserved_again() {
      assertThatThrownBy(() -> Table.replay(java.util.List.of(reserved(4))).decide(reserve(4)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Every_command_but_reserve {

    @Test
    void needs_a_reservation() {
      given().when(order(1, 1, "3.50")).thenRejectedWith(ReservationNotFound.class);
      given().when(serve(1)).thenRejectedWith(ReservationNotFound.class);
      given().when(cancel(1)).thenRejectedWith(ReservationNotFound.class);
      given().when(pay("1")).thenRejectedWith(ReservationNotFound.class);
      given().when(leave()).thenRejectedWith(ReservationNotFound.class);
    }

    @Test
    void is_refused_once_the_party_has_left() {
      var history = new TableEvent[] {reserved(2), ordered(1, 1, "3.50"), served(1), paid("3.50", "0"), left()};
      given(history).when(order(2, 1, "3.50")).thenRejectedWith(ReservationClosed.class);
      given(history).when(serve(1)).thenRejectedWith(ReservationClosed.class);
      given(history).when(cancel(1)).thenRejectedWith(ReservationClosed.class);
      given(history).when(pay("3.50")).thenRejectedWith(ReservationClosed.class);
      given(history).when(leave()).thenRejectedWith(ReservationClosed.class);
    }

    @Test
    void closed_wins_over_an_unknown_order() {
      given(reserved(2), left()).when(serve(9)).thenRejectedWith(ReservationClosed.class);
    }
  }

  @Nested
  class Ordering_drinks {

    @Test
    void records_the_order() {
      given(reserved(2)).when(order(1, 2, "3.50")).then(ordered(1, 2, "3.50"));
    }

    @Test
    void may_reach_exactly_two_drinks_per_guest() {
      given(reserved(2), ordered(1, 3, "3.50")).when(order(2, 1, "3.50")).then(ordered(2, 1, "3.50"));
    }

    @Test
    void may_not_exceed_two_drinks_per_guest() {
      given(reserved(2), ordered(1, 3, "3.50")).when(order(2, 2, "3.50")).thenRejectedWith(TooManyDrinks.class);
    }

    @Test
    void cancelled_drinks_do_not_count_towards_the_limit() {
      given(reserved(2), ordered(1, 4, "3.50"), cancelled(1)).when(order(2, 4, "3.50")).then(ordered(2, 4, "3.50"));
    }

    @Test
    void served_drinks_still_count_towards_the_limit() {
      given(reserved(1), ordered(1, 2, "3.50"), served(1)).when(order(2, 1, "3.50"))
          .thenRejectedWith(TooManyDrinks.class);
    }

    @Test
    void the_same_order_again_records_nothing() {
      given(reserved(2), ordered(1, 2, "3.50")).when(order(1, 2, "3.50")).thenNothingHappens();
    }

    @Test
    void the_same_order_id_with_other_content_is_a_conflict() {
      given(reserved(2), ordered(1, 2, "3.50")).when(order(1, 3, "3.50")).thenRejectedWith(OrderIdConflict.class);
    }

    @Test
    void is_refused_once_the_bill_is_paid() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1), paid("4", "0.50"))
          .when(order(2, 1, "3.50"))
          .thenRejectedWith(ReservationClosed.class);
    }

    @Test
    void a_free_drink_is_an_order_like_any_other() {
      given(reserved(2)).when(order(1, 1, "0")).then(ordered(1, 1, "0.00"));
    }
  }

  @Nested
  class Serving_drinks {

    @Test
    void records_that_the_order_was_served() {
      given(reserved(2), ordered(1, 1, "3.50")).when(serve(1)).then(new DrinksServed(orderId(1)));
    }

    @Test
    void needs_an_order_of_this_reservation() {
      given(reserved(2), ordered(1, 1, "3.50")).when(serve(2)).thenRejectedWith(OrderNotFound.class);
    }

    @Test
    void cannot_serve_twice() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1)).when(serve(1)).thenRejectedWith(OrderAlreadyServed.class);
    }

    @Test
    void cannot_serve_a_cancelled_order() {
      given(reserved(2), ordered(1, 1, "3.50"), cancelled(1)).when(serve(1)).thenRejectedWith(OrderCancelled.class);
    }
  }

  @Nested
  class Cancelling_an_order {

    @Test
    void records_the_cancellation_with_its_reason() {
      given(reserved(2), ordered(1, 1, "3.50"))
          .when(cancel(1))
          .then(new DrinksOrderCancelled(orderId(1), "spilled"));
    }

    @Test
    void needs_an_order_of_this_reservation() {
      given(reserved(2)).when(cancel(1)).thenRejectedWith(OrderNotFound.class);
    }

    @Test
    void cannot_undeliver_a_served_drink() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1)).when(cancel(1)).thenRejectedWith(OrderAlreadyServed.class);
    }

    @Test
    void cannot_cancel_twice() {
      given(reserved(2), ordered(1, 1, "3.50"), cancelled(1)).when(cancel(1)).thenRejectedWith(OrderCancelled.class);
    }
  }

  @Nested
  class Paying_the_bill {

    @Test
    void records_the_amount_and_the_tip_over_the_bill() {
      given(reserved(2), ordered(1, 2, "3.45"), served(1), ordered(2, 1, "2.10"), cancelled(2))
          .when(pay("10"))
          .then(paid("10.00", "3.10"));
    }

    @Test
    void the_exact_bill_leaves_no_tip() {
      given(reserved(2), ordered(1, 3, "0.10"), served(1)).when(pay("0.30")).then(paid("0.30", "0"));
    }

    @Test
    void you_cannot_pay_before_you_have_ordered() {
      given(reserved(2)).when(pay("10")).thenRejectedWith(NothingToPay.class);
    }

    @Test
    void orders_that_are_all_cancelled_leave_nothing_to_pay() {
      given(reserved(2), ordered(1, 1, "3.50"), cancelled(1)).when(pay("10")).thenRejectedWith(NothingToPay.class);
    }

    @Test
    void no_order_may_still_wait_to_be_served() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1), ordered(2, 1, "3.50"))
          .when(pay("10"))
          .thenRejectedWith(OrdersPending.class);
    }

    @Test
    void cannot_pay_twice() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1), paid("3.50", "0"))
          .when(pay("3.50"))
          .thenRejectedWith(AlreadyPaid.class);
    }

    @Test
    void the_amount_must_cover_the_bill() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1)).when(pay("3.49")).thenRejectedWith(
          InsufficientPayment.class);
    }
  }

  @Nested
  class Leaving {

    @Test
    void after_paying_closes_the_stream() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1), paid("3.50", "0")).when(leave()).then(new TableLeft());
    }

    @Test
    void with_an_unpaid_bill_is_refused() {
      given(reserved(2), ordered(1, 1, "3.50"), served(1)).when(leave()).thenRejectedWith(BillNotPaid.class);
    }

    @Test
    void without_any_order_needs_no_payment() {
      given(reserved(2)).when(leave()).then(new TableLeft());
    }

    @Test
    void when_every_order_was_cancelled_needs_no_payment() {
      given(reserved(2), ordered(1, 1, "3.50"), cancelled(1)).when(leave()).then(new TableLeft());
    }
  }

  @Nested
  class The_state {

    @Test
    void adds_up_the_bill_over_the_orders_not_cancelled() {
      Table table =
          Table.replay(
              java.util.List.of(
                  reserved(4), ordered(1, 3, "0.10"), ordered(2, 2, "4.95"), ordered(3, 1, "100"), cancelled(3)));
      assertThat(table.bill()).isEqualTo(Money.of("10.20"));
      assertThat(table.drinksOrdered()).isEqualTo(5);
      assertThat(table.pendingOrders()).isEqualTo(2);
      assertThat(table.status()).isEqualTo(TableStatus.OPEN);
    }

    @Test
    void goes_from_open_to_paid_to_left() {
      Table open = Table.replay(java.util.List.of(reserved(2), ordered(1, 1, "3.50"), served(1)));
      Table paidTable = open.evolve(paid("4", "0.50"));
      assertThat(open.status()).isEqualTo(TableStatus.OPEN);
      assertThat(paidTable.status()).isEqualTo(TableStatus.PAID);
      assertThat(paidTable.payment()).contains(new BillPaid(Money.of("4"), PaymentMethod.CARD, Money.of("0.50")));
      assertThat(paidTable.evolve(left()).status()).isEqualTo(TableStatus.LEFT);
    }

    @Test
    void keeps_cancelled_orders_in_the_history() {
      Table table = Table.replay(java.util.List.of(reserved(2), ordered(1, 1, "3.50"), cancelled(1)));
      assertThat(table.orders()).extracting(OrderLine::status).containsExactly(OrderStatus.CANCELLED);
      assertThat(table.order(orderId(1)).orElseThrow().order()).isEqualTo(drinks(1, 1, "3.50"));
    }

    @Test
    void replay_never_checks_a_rule() {
      // a history that today's rules would refuse (3 drinks for 1 guest) still replays: the past is the past
      Table table = Table.replay(java.util.List.of(reserved(1), ordered(1, 2, "1"), ordered(2, 1, "1")));
      assertThat(table.drinksOrdered()).isEqualTo(3);
      assertThat(new DrinksOrdered(drinks(1, 2, "1"))).isEqualTo(ordered(1, 2, "1"));
    }
  }
}
