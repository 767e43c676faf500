package io.seqproxy.clinic;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.LocalDate;

@Entity
@Table(name = "visits")
public class Visit {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Integer id;

  @ManyToOne
  @JoinColumn(name = "pet_id")
  private Pet pet;

  @Column(name = "visit_date")
  private LocalDate date;

  private String description;

  protected Visit() {}

  public Visit(Pet pet, LocalDate date, String description) {
    this.pet = pet;
    this.date = date;
    this.description = description;
  }

  public Integer getId() {
    return id;
  }

  public LocalDate getDate() {
    return date;
  }

  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return id + ":" + date + " " + description;
  }
}
