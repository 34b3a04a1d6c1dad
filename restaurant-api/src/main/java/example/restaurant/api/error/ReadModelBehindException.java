package example.restaurant.api.error;

/** The read model did not catch up with a consistency token in time. */
public final class ReadModelBehindException extends RuntimeException {

  private final String readModel;

  public ReadModelBehindException(String readModel) {
    super("the " + readModel + " read model has not caught up yet", null, false, false);
    this.readModel = readModel;
  }

  public String readModel() {
    return readModel;
  }
}
