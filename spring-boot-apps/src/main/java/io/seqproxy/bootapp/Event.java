package io.seqproxy.bootapp;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An event; its id comes from the Snowflake sequence {@code event_id}. */
@Entity
@Table(name = "boot_events")
public class Event {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String kind;

  protected Event() {}

  public Event(String kind) {
    this.kind = kind;
  }

  public Long getId() {
    return id;
  }

  public String getKind() {
    return kind;
  }
}
