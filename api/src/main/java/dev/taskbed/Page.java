package dev.taskbed;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the items on this page, in the listing's order
 * @param hasMore whether items follow this page
 */
public record Page<T>(List<T> items, boolean hasMore) {
  public Page {
    items = List.copyOf(items);
  }
}
