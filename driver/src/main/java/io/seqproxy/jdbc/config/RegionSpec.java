package io.seqproxy.jdbc.config;

import java.time.Duration;

/**
 * A store of {@code stores:} that is a region's store: it holds blocks reserved from its
 * {@code parent}, the global store. The region's processes only ever open the region's store;
 * {@code seqproxy keeper} opens both and moves blocks.
 *
 * @param store the region store's name under {@code stores:}
 * @param parent the global store's name under {@code stores:}
 * @param region the region's name, written into every block and range it reserves
 * @param block the initial and smallest block size
 * @param maxBlock the largest block size
 * @param blockLifetime how long a block should last; the size adapts towards it
 */
public record RegionSpec(String store, String parent, String region, long block, long maxBlock,
    Duration blockLifetime) {

  static final long DEFAULT_BLOCK = 10_000_000;
  static final long DEFAULT_MAX_BLOCK = 10_000_000_000L;
  static final Duration DEFAULT_BLOCK_LIFETIME = Duration.ofHours(1);
}
