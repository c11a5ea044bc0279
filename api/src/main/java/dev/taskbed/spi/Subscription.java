package dev.taskbed.spi;

/** A registration that can be cancelled; closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
