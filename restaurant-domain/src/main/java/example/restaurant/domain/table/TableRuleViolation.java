package example.restaurant.domain.table;

/**
 * A command that breaks a rule of the reservation: nothing is recorded. One subclass per rule, so that an edge can
 * map each to exactly one error.
 */
public abstract sealed class TableRuleViolation extends RuntimeException {

  TableRuleViolation(String message) {
    super(message, null, false, false);
  }

  public static final class ReservationNotFound extends TableRuleViolation {
    public ReservationNotFound() {
      super("no reservation with this id");
    }
  }

  public static final class ReservationClosed extends TableRuleViolation {
    ReservationClosed(String why) {
      super(why);
    }
  }

  public static final class OrderNotFound extends TableRuleViolation {
    OrderNotFound(OrderId orderId) {
      super("no order " + orderId + " in this reservation");
    }
  }

  public static final class OrderAlreadyServed extends TableRuleViolation {
    OrderAlreadyServed(OrderId orderId) {
      super("order " + orderId + " has already been served");
    }
  }

  public static final class OrderCancelled extends TableRuleViolation {
    OrderCancelled(OrderId orderId) {
      super("order " + orderId + " has been cancelled");
    }
  }

  public static final class OrderIdConflict extends TableRuleViolation {
    OrderIdConflict(OrderId orderId) {
      super("order " + orderId + " already exists in this reservation with different content");
    }
  }

  public static final class TooManyDrinks extends TableRuleViolation {
    TooManyDrinks(int alreadyOrdered, int requested, int allowed) {
      super(
          "too many drinks: "
              + alreadyOrdered
              + " already ordered and "
              + requested
              + " more would exceed "
              + allowed
              + " (2 per guest)");
    }
  }

  public static final class NothingToPay extends TableRuleViolation {
    NothingToPay() {
      super("there is nothing to pay: no order that is not cancelled has a price");
    }
  }

  public static final class OrdersPending extends TableRuleViolation {
    OrdersPending(long pending) {
      super(pending + " order(s) are still waiting to be served or cancelled");
    }
  }

  public static final class AlreadyPaid extends TableRuleViolation {
    AlreadyPaid() {
      super("the bill has already been paid");
    }
  }

  public static final class InsufficientPayment extends TableRuleViolation {
    InsufficientPayment(Money amount, Money bill) {
      super("the amount " + amount + " is less than the bill " + bill);
    }
  }

  public static final class BillNotPaid extends TableRuleViolation {
    BillNotPaid(Money bill) {
      super("the bill of " + bill + " has not been paid");
    }
  }
}
