package io.seqproxy.clinic;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface Owners extends JpaRepository<Owner, Integer> {
  List<Owner> findByLastNameStartingWithOrderById(String prefix);

  /** The owners of pets of one type, as PetClinic's queries join them. */
  @Query("select distinct o from Pet p join p.owner o where p.type.name = :type order by o.id")
  List<Owner> ownersOfPetsOfType(@Param("type") String type);
}
