package io.seqproxy.bootapp;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Orders extends JpaRepository<ShopOrder, Long> {}
