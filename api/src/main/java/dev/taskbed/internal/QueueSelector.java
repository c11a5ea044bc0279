package dev.taskbed.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The order in which one claim visits the served queues. Strict priority: descending weight, ties
 * in registration order, the same every time. Weighted: a fresh order per claim, drawn without
 * replacement with probability proportional to weight, so a queue's chance to be visited first is
 * its share of the total weight.
 */
public final class QueueSelector {
  private final Map<String, Integer> weights;
  private final boolean strict;
  private final List<String> strictOrder;

  public QueueSelector(Map<String, Integer> weights, boolean strict) {
    this.weights = new LinkedHashMap<>(weights);
    this.strict = strict;
    List<String> sorted = new ArrayList<>(weights.keySet());
    sorted.sort(Comparator.comparing(weights::get).reversed());
    this.strictOrder = List.copyOf(sorted);
  }

  public List<String> order(RandomGenerator random) {
    if (strict || weights.size() == 1) {
      return strictOrder;
    }
    List<String> remaining = new ArrayList<>(weights.keySet());
    List<String> order = new ArrayList<>(remaining.size());
    long total = weights.values().stream().mapToLong(Integer::longValue).sum();
    while (!remaining.isEmpty()) {
      long pick = random.nextLong(total);
      for (int i = 0; i < remaining.size(); i++) {
        int w = weights.get(remaining.get(i));
        if (pick < w) {
          order.add(remaining.remove(i));
          total -= w;
          break;
        }
        pick -= w;
      }
    }
    return order;
  }
}
