package dev.taskbed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueSelectorTest {
  private static Map<String, Integer> weights(Object... pairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return m;
  }

  @Test
  void strict_priority_orders_by_descending_weight_with_ties_in_registration_order() {
    QueueSelector s = new QueueSelector(weights("low", 1, "critical", 6, "default", 3, "also-default", 3), true);
    assertThat(s.order(new SplittableRandom(1))).containsExactly("critical", "default", "also-default", "low");
  }

  @Test
  void weighted_first_choice_matches_the_weights_within_four_sigma_over_ten_thousand_draws() {
    QueueSelector s = new QueueSelector(weights("critical", 6, "default", 3, "low", 1), false);
    SplittableRandom random = new SplittableRandom(42);
    int n = 20_000;
    Map<String, Integer> first = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      List<String> order = s.order(random);
      assertThat(order).containsExactlyInAnyOrder("critical", "default", "low");
      first.merge(order.get(0), 1, Integer::sum);
    }
    assertWithinFourSigma(first.get("critical"), n, 0.6);
    assertWithinFourSigma(first.get("default"), n, 0.3);
    assertWithinFourSigma(first.get("low"), n, 0.1);
  }

  @Test
  void weighted_second_choice_is_proportional_among_the_rest() {
    QueueSelector s = new QueueSelector(weights("a", 6, "b", 3, "c", 1), false);
    SplittableRandom random = new SplittableRandom(3);
    int afterA = 0;
    int bSecond = 0;
    for (int i = 0; i < 20_000; i++) {
      List<String> order = s.order(random);
      if (order.get(0).equals("a")) {
        afterA++;
        if (order.get(1).equals("b")) {
          bSecond++;
        }
      }
    }
    assertWithinFourSigma(bSecond, afterA, 0.75);
  }

  private static void assertWithinFourSigma(int observed, int n, double p) {
    double mean = n * p;
    double sigma = Math.sqrt(n * p * (1 - p));
    assertThat((double) observed).as("count with p=%s of %s", p, n).isBetween(mean - 4 * sigma, mean + 4 * sigma);
  }
}
