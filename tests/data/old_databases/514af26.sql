BEGIN TRANSACTION;
CREATE TABLE microjob_alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT microjob_alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "microjob_alembic_version" VALUES('0002');
CREATE TABLE microjob_ids (
	name VARCHAR(32) NOT NULL, 
	next BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ids PRIMARY KEY (name)
);
INSERT INTO "microjob_ids" VALUES('ids',513);
CREATE TABLE microjob_inbox (
	event_id VARCHAR(255) NOT NULL, 
	outcome VARCHAR(64) NOT NULL, fingerprint VARCHAR(512), 
	CONSTRAINT pk_microjob_inbox PRIMARY KEY (event_id)
);
INSERT INTO "microjob_inbox" VALUES('sync:order:o3:ch_e0e576b062_1','applied','charge.succeeded|order:o3|158.25 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o4:ch_e0e576b062_2','applied','charge.succeeded|order:o4|84.4 USD');
INSERT INTO "microjob_inbox" VALUES('sync:deposit:d10:ch_e0e576b062_3','applied','charge.succeeded|deposit:d10|40 USD');
INSERT INTO "microjob_inbox" VALUES('sync:deposit:d13:ch_e0e576b062_4','applied','charge.succeeded|deposit:d13|500 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o15:ch_e0e576b062_6','applied','charge.succeeded|order:o15|34.65 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o16:ch_e0e576b062_7','applied','charge.succeeded|order:o16|50.48 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o17:ch_e0e576b062_8','applied','charge.succeeded|order:o17|76.85 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o18:ch_e0e576b062_9','applied','charge.succeeded|order:o18|94.95 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o19:ch_e0e576b062_10','applied','charge.succeeded|order:o19|211 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o21:ch_e0e576b062_11','applied','charge.succeeded|order:o21|29.38 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o22:ch_e0e576b062_12','applied','charge.succeeded|order:o22|39.92 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o23:ch_e0e576b062_13','applied','charge.succeeded|order:o23|116.05 USD');
INSERT INTO "microjob_inbox" VALUES('evt_old_1','applied','charge.succeeded|order:o26|61.02 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o27:ch_e0e576b062_15','applied','charge.succeeded|order:o27|45.2 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o28:ch_e0e576b062_16','applied','charge.succeeded|order:o28|45.2 USD');
CREATE TABLE microjob_ledger_balances (
	account VARCHAR(255) NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	balance BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ledger_balances PRIMARY KEY (account, currency)
);
INSERT INTO "microjob_ledger_balances" VALUES('world','USD',-158735);
INSERT INTO "microjob_ledger_balances" VALUES('order:o3:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:pending','USD',16000);
INSERT INTO "microjob_ledger_balances" VALUES('platform:commission','USD',8600);
INSERT INTO "microjob_ledger_balances" VALUES('platform:fees','USD',2365);
INSERT INTO "microjob_ledger_balances" VALUES('order:o4:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:available','USD',17392);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:payout','USD',5000);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:incoming','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:available','USD',1500);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:payout','USD',2500);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:incoming','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:available','USD',50528);
INSERT INTO "microjob_ledger_balances" VALUES('order:o15:escrow','USD',3465);
INSERT INTO "microjob_ledger_balances" VALUES('order:o16:escrow','USD',5048);
INSERT INTO "microjob_ledger_balances" VALUES('order:o17:escrow','USD',7685);
INSERT INTO "microjob_ledger_balances" VALUES('order:o18:escrow','USD',9495);
INSERT INTO "microjob_ledger_balances" VALUES('order:o19:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o21:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o22:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o23:escrow','USD',11605);
INSERT INTO "microjob_ledger_balances" VALUES('order:o25:escrow','USD',2410);
INSERT INTO "microjob_ledger_balances" VALUES('order:o26:escrow','USD',6102);
INSERT INTO "microjob_ledger_balances" VALUES('order:o27:escrow','USD',4520);
INSERT INTO "microjob_ledger_balances" VALUES('order:o28:escrow','USD',4520);
CREATE TABLE microjob_ledger_entries (
	seq BIGINT NOT NULL, 
	entry_key VARCHAR(255) NOT NULL, 
	cause VARCHAR(255) NOT NULL, 
	at DATETIME NOT NULL, 
	memo TEXT NOT NULL, 
	prev_hash VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_microjob_ledger_entries PRIMARY KEY (seq), 
	CONSTRAINT uq_microjob_ledger_entries_entry_key UNIQUE (entry_key)
);
INSERT INTO "microjob_ledger_entries" VALUES(0,'order:o3:fund','order:o3','2026-03-02 09:00:00.000000','payment','0000000000000000000000000000000000000000000000000000000000000000','1589de01a576df1c6b4d5d07f16c9f2aa06332c6127c501a9ecd416467abea08');
INSERT INTO "microjob_ledger_entries" VALUES(1,'order:o3:release','order:o3','2026-03-02 09:00:00.000000','release','1589de01a576df1c6b4d5d07f16c9f2aa06332c6127c501a9ecd416467abea08','a8d524027b6fb1576df8c8019d7bbfc1d10b6c56672313aab48ab94506629b4e');
INSERT INTO "microjob_ledger_entries" VALUES(2,'order:o4:fund','order:o4','2026-03-02 09:00:00.000000','payment','a8d524027b6fb1576df8c8019d7bbfc1d10b6c56672313aab48ab94506629b4e','012445a582491c856337b6372b7cd32fe715043fcdbf6c16c4746d6ae1282577');
INSERT INTO "microjob_ledger_entries" VALUES(3,'order:o4:release','order:o4','2026-03-02 09:00:00.000000','release','012445a582491c856337b6372b7cd32fe715043fcdbf6c16c4746d6ae1282577','6b1cb450986d7704aa6095193b0a272bbbb00ef76fcbeb651842d33b32f8ab0b');
INSERT INTO "microjob_ledger_entries" VALUES(4,'order:o3:clear','order:o3','2026-03-17 09:00:00.000000','clearance','6b1cb450986d7704aa6095193b0a272bbbb00ef76fcbeb651842d33b32f8ab0b','76fe0d66ee874eb0d4e2fbb61989617c7d65c63f588e2400378ad54faa81bedf');
INSERT INTO "microjob_ledger_entries" VALUES(5,'order:o4:clear','order:o4','2026-03-17 09:00:00.000000','clearance','76fe0d66ee874eb0d4e2fbb61989617c7d65c63f588e2400378ad54faa81bedf','c5a6a87b4dc3093f0538013f2c8989f69065580d78aa5a48963b5c378c02890a');
INSERT INTO "microjob_ledger_entries" VALUES(6,'payout:p9:reserve','payout:p9','2026-03-17 09:00:00.000000','payout requested','c5a6a87b4dc3093f0538013f2c8989f69065580d78aa5a48963b5c378c02890a','4d5039ba2290912352bd6192c81a9763f24876c5c5a804ea79effd7a78a76545');
INSERT INTO "microjob_ledger_entries" VALUES(7,'deposit:d10:announce','deposit:d10','2026-03-17 09:00:00.000000','deposit announced','4d5039ba2290912352bd6192c81a9763f24876c5c5a804ea79effd7a78a76545','78137d4bacd491f91ce4650859a27a975e727410eaee1213f00000e9de734a1e');
INSERT INTO "microjob_ledger_entries" VALUES(8,'deposit:d10:confirm','deposit:d10','2026-03-17 09:00:00.000000','deposit confirmed','78137d4bacd491f91ce4650859a27a975e727410eaee1213f00000e9de734a1e','d89088ffe20d0134397163e45a50959c3feee7c87d69deff752c39867eb928cf');
INSERT INTO "microjob_ledger_entries" VALUES(9,'payout:p12:reserve','payout:p12','2026-03-17 09:00:00.000000','payout requested','d89088ffe20d0134397163e45a50959c3feee7c87d69deff752c39867eb928cf','9d6c505abd9d5db2673ee6226cd2380b0e261e9e8d816217d1d71b56e327f025');
INSERT INTO "microjob_ledger_entries" VALUES(10,'deposit:d13:announce','deposit:d13','2026-03-17 09:00:00.000000','deposit announced','9d6c505abd9d5db2673ee6226cd2380b0e261e9e8d816217d1d71b56e327f025','9956b5c976c93fb544aacb4b92dd13ee44914877152ea91dd3445bab53658ae6');
INSERT INTO "microjob_ledger_entries" VALUES(11,'deposit:d13:confirm','deposit:d13','2026-03-17 09:00:00.000000','deposit confirmed','9956b5c976c93fb544aacb4b92dd13ee44914877152ea91dd3445bab53658ae6','2418baf7c10f89cb97f5f30ea3205da71f46daa1a2548a3188468956ccdcaef7');
INSERT INTO "microjob_ledger_entries" VALUES(12,'order:o15:fund','order:o15','2026-03-17 09:00:00.000000','payment','2418baf7c10f89cb97f5f30ea3205da71f46daa1a2548a3188468956ccdcaef7','4f2e5e7ed37235130b1def0f15a11aade5223305eb4a54c76b14137a0d25cab8');
INSERT INTO "microjob_ledger_entries" VALUES(13,'order:o16:fund','order:o16','2026-03-17 09:00:00.000000','payment','4f2e5e7ed37235130b1def0f15a11aade5223305eb4a54c76b14137a0d25cab8','479fc2226c210e4683a2160c866f9ed43b67481f8b370abd299a2bf619e06a0b');
INSERT INTO "microjob_ledger_entries" VALUES(14,'order:o17:fund','order:o17','2026-03-17 09:00:00.000000','payment','479fc2226c210e4683a2160c866f9ed43b67481f8b370abd299a2bf619e06a0b','be8d594fa98a65064249f186ad48e4407a63ec95510d00f5d4f026ecfe5b6ccd');
INSERT INTO "microjob_ledger_entries" VALUES(15,'order:o18:fund','order:o18','2026-03-17 09:00:00.000000','payment','be8d594fa98a65064249f186ad48e4407a63ec95510d00f5d4f026ecfe5b6ccd','fbdc5efe29a861627b4bf234fac16e81cf9751fd8bb9c44118653d48dedf59ef');
INSERT INTO "microjob_ledger_entries" VALUES(16,'order:o19:fund','order:o19','2026-03-17 09:00:00.000000','payment','fbdc5efe29a861627b4bf234fac16e81cf9751fd8bb9c44118653d48dedf59ef','c7ee3e64c1300065d474710e0aaacc2c91afbc83a95774fb74cf19ef8ab1cca1');
INSERT INTO "microjob_ledger_entries" VALUES(17,'order:o19:release','order:o19','2026-03-17 09:00:00.000000','release','c7ee3e64c1300065d474710e0aaacc2c91afbc83a95774fb74cf19ef8ab1cca1','23d1a6c1a3a9390054f2cb5a948e7d8d65d22c386906b969f1d70674f5ed2192');
INSERT INTO "microjob_ledger_entries" VALUES(18,'order:o21:fund','order:o21','2026-03-17 09:00:00.000000','payment','23d1a6c1a3a9390054f2cb5a948e7d8d65d22c386906b969f1d70674f5ed2192','f8481ce5fcc72e8b15227ea5662cded4143becea763078b221e48b258d0ce3ef');
INSERT INTO "microjob_ledger_entries" VALUES(19,'order:o21:refund','order:o21','2026-03-17 09:00:00.000000','refund','f8481ce5fcc72e8b15227ea5662cded4143becea763078b221e48b258d0ce3ef','7844f820bb4fce19b94c0febc2089fb1c596603d68d781cf12877bb536bb2b44');
INSERT INTO "microjob_ledger_entries" VALUES(20,'order:o22:fund','order:o22','2026-03-17 09:00:00.000000','payment','7844f820bb4fce19b94c0febc2089fb1c596603d68d781cf12877bb536bb2b44','9379e0c742ce469939167905a47d526002712ea3a1a4aaa531758d53ed60ce6f');
INSERT INTO "microjob_ledger_entries" VALUES(21,'order:o22:refund','order:o22','2026-03-17 09:00:00.000000','refund','9379e0c742ce469939167905a47d526002712ea3a1a4aaa531758d53ed60ce6f','a6b1ec7086b0f974f12c8739a9adc421c249efb0067c87b6249d75c88706dbf1');
INSERT INTO "microjob_ledger_entries" VALUES(22,'order:o23:fund','order:o23','2026-03-17 09:00:00.000000','payment','a6b1ec7086b0f974f12c8739a9adc421c249efb0067c87b6249d75c88706dbf1','b28e1782f3bd7b33a54c2935a1737379cab7f06b958c5a8ec00fc1c8ba8e09d7');
INSERT INTO "microjob_ledger_entries" VALUES(23,'order:o25:fund','order:o25','2026-03-17 09:00:00.000000','payment','b28e1782f3bd7b33a54c2935a1737379cab7f06b958c5a8ec00fc1c8ba8e09d7','b22063af6e3584b0c4554d590e7564506851271d9cecd7ea40bdf960f9566615');
INSERT INTO "microjob_ledger_entries" VALUES(24,'order:o26:fund','order:o26','2026-03-17 09:00:00.000000','payment','b22063af6e3584b0c4554d590e7564506851271d9cecd7ea40bdf960f9566615','1e3c4a2ddd1ffcf2c3600bb25fe56be3a64d40e08328b8bce1acc6533b451545');
INSERT INTO "microjob_ledger_entries" VALUES(25,'order:o27:fund','order:o27','2026-03-20 09:00:00.000000','payment','1e3c4a2ddd1ffcf2c3600bb25fe56be3a64d40e08328b8bce1acc6533b451545','42514f729afc6b63b74941032ea7bd34fd28b3ee3e7eebe6e57a59469b25a2ce');
INSERT INTO "microjob_ledger_entries" VALUES(26,'order:o28:fund','order:o28','2026-03-20 09:00:00.000000','payment','42514f729afc6b63b74941032ea7bd34fd28b3ee3e7eebe6e57a59469b25a2ce','11ae0e4d50841df5100825282a5f7fb5db058ee6c6eb3a1192562c490091e889');
CREATE TABLE microjob_ledger_head (
	id SMALLINT NOT NULL, 
	entries BIGINT NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_microjob_ledger_head PRIMARY KEY (id)
);
INSERT INTO "microjob_ledger_head" VALUES(1,27,'11ae0e4d50841df5100825282a5f7fb5db058ee6c6eb3a1192562c490091e889');
CREATE TABLE microjob_ledger_transfers (
	seq BIGINT NOT NULL, 
	leg SMALLINT NOT NULL, 
	source VARCHAR(255) NOT NULL, 
	destination VARCHAR(255) NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	amount BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ledger_transfers PRIMARY KEY (seq, leg), 
	CONSTRAINT fk_microjob_ledger_transfers_seq FOREIGN KEY(seq) REFERENCES microjob_ledger_entries (seq)
);
INSERT INTO "microjob_ledger_transfers" VALUES(0,0,'world','order:o3:escrow','USD',15825);
INSERT INTO "microjob_ledger_transfers" VALUES(1,0,'order:o3:escrow','user:bob:pending','USD',12000);
INSERT INTO "microjob_ledger_transfers" VALUES(1,1,'order:o3:escrow','platform:commission','USD',3000);
INSERT INTO "microjob_ledger_transfers" VALUES(1,2,'order:o3:escrow','platform:fees','USD',825);
INSERT INTO "microjob_ledger_transfers" VALUES(2,0,'world','order:o4:escrow','USD',8440);
INSERT INTO "microjob_ledger_transfers" VALUES(3,0,'order:o4:escrow','user:bob:pending','USD',6400);
INSERT INTO "microjob_ledger_transfers" VALUES(3,1,'order:o4:escrow','platform:commission','USD',1600);
INSERT INTO "microjob_ledger_transfers" VALUES(3,2,'order:o4:escrow','platform:fees','USD',440);
INSERT INTO "microjob_ledger_transfers" VALUES(4,0,'user:bob:pending','user:bob:available','USD',12000);
INSERT INTO "microjob_ledger_transfers" VALUES(5,0,'user:bob:pending','user:bob:available','USD',6400);
INSERT INTO "microjob_ledger_transfers" VALUES(6,0,'user:bob:available','user:bob:payout','USD',5000);
INSERT INTO "microjob_ledger_transfers" VALUES(7,0,'world','user:dora:incoming','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(8,0,'user:dora:incoming','user:dora:available','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(9,0,'user:dora:available','user:dora:payout','USD',2500);
INSERT INTO "microjob_ledger_transfers" VALUES(10,0,'world','user:ann:incoming','USD',50000);
INSERT INTO "microjob_ledger_transfers" VALUES(11,0,'user:ann:incoming','user:ann:available','USD',50000);
INSERT INTO "microjob_ledger_transfers" VALUES(12,0,'world','order:o15:escrow','USD',3465);
INSERT INTO "microjob_ledger_transfers" VALUES(13,0,'world','order:o16:escrow','USD',5048);
INSERT INTO "microjob_ledger_transfers" VALUES(14,0,'world','order:o17:escrow','USD',7685);
INSERT INTO "microjob_ledger_transfers" VALUES(15,0,'world','order:o18:escrow','USD',9495);
INSERT INTO "microjob_ledger_transfers" VALUES(16,0,'world','order:o19:escrow','USD',21100);
INSERT INTO "microjob_ledger_transfers" VALUES(17,0,'order:o19:escrow','user:bob:pending','USD',16000);
INSERT INTO "microjob_ledger_transfers" VALUES(17,1,'order:o19:escrow','platform:commission','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(17,2,'order:o19:escrow','platform:fees','USD',1100);
INSERT INTO "microjob_ledger_transfers" VALUES(18,0,'world','order:o21:escrow','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(19,0,'order:o21:escrow','user:ann:available','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(20,0,'world','order:o22:escrow','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(21,0,'order:o22:escrow','user:bob:available','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(22,0,'world','order:o23:escrow','USD',11605);
INSERT INTO "microjob_ledger_transfers" VALUES(23,0,'user:ann:available','order:o25:escrow','USD',2410);
INSERT INTO "microjob_ledger_transfers" VALUES(24,0,'world','order:o26:escrow','USD',6102);
INSERT INTO "microjob_ledger_transfers" VALUES(25,0,'world','order:o27:escrow','USD',4520);
INSERT INTO "microjob_ledger_transfers" VALUES(26,0,'world','order:o28:escrow','USD',4520);
CREATE TABLE microjob_order_counts (
	state VARCHAR(32) NOT NULL, 
	shard SMALLINT NOT NULL, 
	n BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_order_counts PRIMARY KEY (state, shard)
);
INSERT INTO "microjob_order_counts" VALUES('awaiting_payment',0,1);
INSERT INTO "microjob_order_counts" VALUES('pending',0,4);
INSERT INTO "microjob_order_counts" VALUES('active',0,2);
INSERT INTO "microjob_order_counts" VALUES('delivered',0,2);
INSERT INTO "microjob_order_counts" VALUES('completed',0,3);
INSERT INTO "microjob_order_counts" VALUES('cancelled',0,2);
INSERT INTO "microjob_order_counts" VALUES('disputed',0,1);
CREATE TABLE microjob_orders (
	seq INTEGER NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	version INTEGER NOT NULL, 
	state VARCHAR(32) NOT NULL, 
	buyer_id VARCHAR(64) NOT NULL, 
	seller_id VARCHAR(64) NOT NULL, 
	wake_at DATETIME, 
	policy_hash VARCHAR(64) NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_microjob_orders PRIMARY KEY (seq), 
	CONSTRAINT fk_microjob_orders_policy_hash FOREIGN KEY(policy_hash) REFERENCES microjob_policies (hash), 
	CONSTRAINT uq_microjob_orders_id UNIQUE (id)
);
INSERT INTO "microjob_orders" VALUES(1,'o3',5,'completed','ann','bob',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o3","buyer_id":"ann","seller_id":"bob","title":"Cleared logo","price":"150.00 USD","buyer_fee":"8.25 USD","booking_fee":"0.00 USD","escrow_total":"158.25 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_e0e576b062_1","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"120.00 USD","commission":"30.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"ann","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(2,'o4',5,'completed','cecil','bob',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o4","buyer_id":"cecil","seller_id":"bob","title":"Cleared banner","price":"80.00 USD","buyer_fee":"4.40 USD","booking_fee":"0.00 USD","escrow_total":"84.40 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_e0e576b062_2","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"64.00 USD","commission":"16.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(3,'o14',0,'awaiting_payment','ann','cecil','2026-03-18 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o14","buyer_id":"ann","seller_id":"cecil","title":"Awaiting payment","price":"60.00 USD","buyer_fee":"6.30 USD","booking_fee":"0.00 USD","escrow_total":"66.30 USD","delivery_days":3,"state":"awaiting_payment","placed_at":"2026-03-17T09:00:00+00:00","deadline":"2026-03-18T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"}]}');
INSERT INTO "microjob_orders" VALUES(4,'o15',1,'pending','ann','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o15","buyer_id":"ann","seller_id":"cecil","title":"Not started yet","price":"30.00 USD","buyer_fee":"4.65 USD","booking_fee":"0.00 USD","escrow_total":"34.65 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_6","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(5,'o16',2,'active','dora','cecil','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o16","buyer_id":"dora","seller_id":"cecil","title":"Active work","price":"45.00 USD","buyer_fee":"5.48 USD","booking_fee":"0.00 USD","escrow_total":"50.48 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_7","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"cecil","source":"pending","dest":"active"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(6,'o17',3,'delivered','dora','bob','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o17","buyer_id":"dora","seller_id":"bob","title":"Delivered work","price":"70.00 USD","buyer_fee":"6.85 USD","booking_fee":"0.00 USD","escrow_total":"76.85 USD","delivery_days":3,"state":"delivered","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_8","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Delivered"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"}],"version":3}');
INSERT INTO "microjob_orders" VALUES(7,'o18',4,'active','ann','bob','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o18","buyer_id":"ann","seller_id":"bob","title":"Revision asked","price":"90.00 USD","buyer_fee":"4.95 USD","booking_fee":"0.00 USD","escrow_total":"94.95 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_9","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","revisions":1,"deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"v1"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"request_revision","actor":"ann","source":"delivered","dest":"active","note":"Make it blue"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(8,'o19',4,'completed','cecil','bob','2026-03-31 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o19","buyer_id":"cecil","seller_id":"bob","title":"Completed not cleared","price":"200.00 USD","buyer_fee":"11.00 USD","booking_fee":"0.00 USD","escrow_total":"211.00 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_10","due_at":"2026-03-20T09:00:00+00:00","clears_at":"2026-03-31T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","closed_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Final"}],"seller_amount":"160.00 USD","commission":"40.00 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(9,'o21',2,'cancelled','ann','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o21","buyer_id":"ann","seller_id":"dora","title":"Cancelled","price":"25.00 USD","buyer_fee":"4.38 USD","booking_fee":"0.00 USD","escrow_total":"29.38 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_11","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"ann","fault":"buyer","reason":"changed my mind","at":"2026-03-17T09:00:00+00:00"},"refunded":"29.38 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"cancel","actor":"ann","source":"pending","dest":"cancelled","note":"changed my mind"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(10,'o22',2,'cancelled','bob','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o22","buyer_id":"bob","seller_id":"dora","title":"Declined","price":"35.00 USD","buyer_fee":"4.92 USD","booking_fee":"0.00 USD","escrow_total":"39.92 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_12","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"dora","fault":"seller","reason":"too busy","at":"2026-03-17T09:00:00+00:00"},"refunded":"39.92 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"bob","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"decline","actor":"dora","source":"pending","dest":"cancelled","note":"too busy"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(11,'o23',4,'disputed','cecil','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o23","buyer_id":"cecil","seller_id":"dora","title":"Disputed","price":"110.00 USD","buyer_fee":"6.05 USD","booking_fee":"0.00 USD","escrow_total":"116.05 USD","delivery_days":3,"state":"disputed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_e0e576b062_13","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Done?"}],"paused":{"state":"delivered","at":"2026-03-17T09:00:00+00:00","remaining":[3,0,0]},"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"dora","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"dora","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"delivered","dest":"disputed","note":"Not what I asked for"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(12,'o25',0,'pending','ann','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o25","buyer_id":"ann","seller_id":"cecil","title":"Paid from wallet","price":"20.00 USD","buyer_fee":"4.10 USD","booking_fee":"0.00 USD","escrow_total":"24.10 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","paid_from":"wallet","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"pending"}]}');
INSERT INTO "microjob_orders" VALUES(13,'o26',1,'pending','dora','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o26","buyer_id":"dora","seller_id":"cecil","title":"Paid by webhook","price":"55.00 USD","buyer_fee":"6.02 USD","booking_fee":"0.00 USD","escrow_total":"61.02 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_old_hook","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(14,'o27',1,'pending','ann','dora',NULL,'e3212cdb21fa59d8f7aa34a76afc5ccc43e4a85bf874b516a5daed034dd4a113','{"id":"o27","buyer_id":"ann","seller_id":"dora","title":"Business days, not started","price":"40.00 USD","buyer_fee":"5.20 USD","booking_fee":"0.00 USD","escrow_total":"45.20 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-20T09:00:00+00:00","charge_ref":"ch_e0e576b062_15","history":[{"at":"2026-03-20T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-20T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(15,'o28',3,'delivered','ann','dora','2026-03-25 09:00:00.000000','e3212cdb21fa59d8f7aa34a76afc5ccc43e4a85bf874b516a5daed034dd4a113','{"id":"o28","buyer_id":"ann","seller_id":"dora","title":"Business days, delivered","price":"40.00 USD","buyer_fee":"5.20 USD","booking_fee":"0.00 USD","escrow_total":"45.20 USD","delivery_days":3,"state":"delivered","placed_at":"2026-03-20T09:00:00+00:00","charge_ref":"ch_e0e576b062_16","due_at":"2026-03-25T09:00:00+00:00","auto_complete_at":"2026-03-25T09:00:00+00:00","started_at":"2026-03-20T09:00:00+00:00","delivered_at":"2026-03-20T09:00:00+00:00","deliveries":[{"at":"2026-03-20T09:00:00+00:00","message":"Done"}],"history":[{"at":"2026-03-20T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-20T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-20T09:00:00+00:00","trigger":"start","actor":"dora","source":"pending","dest":"active"},{"at":"2026-03-20T09:00:00+00:00","trigger":"deliver","actor":"dora","source":"active","dest":"delivered"}],"version":3}');
CREATE TABLE microjob_outbox (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	kind VARCHAR(255) NOT NULL, 
	data TEXT NOT NULL, 
	published_at DATETIME, 
	CONSTRAINT pk_microjob_outbox PRIMARY KEY (id)
);
INSERT INTO "microjob_outbox" VALUES(1,'2026-03-02 09:00:00.000000','microjob.events:UserRegistered','{"at":"2026-03-02T09:00:00+00:00","actor":"admin","user_id":"admin"}',NULL);
INSERT INTO "microjob_outbox" VALUES(2,'2026-03-02 09:00:00.000000','microjob.events:UserRegistered','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","user_id":"ann"}',NULL);
INSERT INTO "microjob_outbox" VALUES(3,'2026-03-02 09:00:00.000000','microjob.events:UserRegistered','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","user_id":"bob"}',NULL);
INSERT INTO "microjob_outbox" VALUES(4,'2026-03-02 09:00:00.000000','microjob.events:UserRegistered','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","user_id":"cecil"}',NULL);
INSERT INTO "microjob_outbox" VALUES(5,'2026-03-02 09:00:00.000000','microjob.events:UserRegistered','{"at":"2026-03-02T09:00:00+00:00","actor":"dora","user_id":"dora"}',NULL);
INSERT INTO "microjob_outbox" VALUES(6,'2026-03-02 09:00:00.000000','microjob.events:ListingCreated','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","listing_id":"l1","seller_id":"bob","category":"design"}',NULL);
INSERT INTO "microjob_outbox" VALUES(7,'2026-03-02 09:00:00.000000','microjob.events:ListingSubmitted','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","listing_id":"l1","seller_id":"bob"}',NULL);
INSERT INTO "microjob_outbox" VALUES(8,'2026-03-02 09:00:00.000000','microjob.events:ListingPublished','{"at":"2026-03-02T09:00:00+00:00","actor":"system","listing_id":"l1","seller_id":"bob"}',NULL);
INSERT INTO "microjob_outbox" VALUES(9,'2026-03-02 09:00:00.000000','microjob.events:ListingCreated','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","listing_id":"l2","seller_id":"cecil","category":"video"}',NULL);
INSERT INTO "microjob_outbox" VALUES(10,'2026-03-02 09:00:00.000000','microjob.events:ListingSubmitted','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","listing_id":"l2","seller_id":"cecil"}',NULL);
INSERT INTO "microjob_outbox" VALUES(11,'2026-03-02 09:00:00.000000','microjob.events:ListingPublished','{"at":"2026-03-02T09:00:00+00:00","actor":"system","listing_id":"l2","seller_id":"cecil"}',NULL);
INSERT INTO "microjob_outbox" VALUES(12,'2026-03-02 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o3","buyer_id":"ann","seller_id":"bob","price":"150.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(13,'2026-03-02 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-02T09:00:00+00:00","actor":"system","order_id":"o3","amount":"158.25 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(14,'2026-03-02 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o3","due_at":"2026-03-05T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(15,'2026-03-02 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o3","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(16,'2026-03-02 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o3","seller_id":"bob","price":"150.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(17,'2026-03-02 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o3","seller_id":"bob","seller_amount":"120.00 USD","commission":"30.00 USD","fees":"8.25 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(18,'2026-03-02 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o4","buyer_id":"cecil","seller_id":"bob","price":"80.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(19,'2026-03-02 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-02T09:00:00+00:00","actor":"system","order_id":"o4","amount":"84.40 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(20,'2026-03-02 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o4","due_at":"2026-03-05T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(21,'2026-03-02 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o4","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(22,'2026-03-02 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o4","seller_id":"bob","price":"80.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(23,'2026-03-02 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o4","seller_id":"bob","seller_amount":"64.00 USD","commission":"16.00 USD","fees":"4.40 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(24,'2026-03-02 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","review_id":"r5","order_id":"o3","subject_id":"bob","stars":5}',NULL);
INSERT INTO "microjob_outbox" VALUES(25,'2026-03-02 09:00:00.000000','microjob.events:ReviewPublished','{"at":"2026-03-02T09:00:00+00:00","actor":"system","review_id":"r5","subject_id":"bob","stars":5,"written_at":"2026-03-02T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(26,'2026-03-02 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","review_id":"r6","order_id":"o3","subject_id":"ann","stars":4}',NULL);
INSERT INTO "microjob_outbox" VALUES(27,'2026-03-02 09:00:00.000000','microjob.events:ReviewPublished','{"at":"2026-03-02T09:00:00+00:00","actor":"system","review_id":"r6","subject_id":"ann","stars":4,"written_at":"2026-03-02T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(28,'2026-03-02 09:00:00.000000','microjob.events:LevelChanged','{"at":"2026-03-02T09:00:00+00:00","actor":"system","user_id":"bob","old_level":"New","new_level":"Pro","direction":"up"}',NULL);
INSERT INTO "microjob_outbox" VALUES(29,'2026-03-17 09:00:00.000000','microjob.events:FundsCleared','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o3","seller_id":"bob","amount":"120.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(30,'2026-03-17 09:00:00.000000','microjob.events:FundsCleared','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o4","seller_id":"bob","amount":"64.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(31,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","method_id":"p7","user_id":"bob","kind":"paypal","last4":".org"}',NULL);
INSERT INTO "microjob_outbox" VALUES(32,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","method_id":"p8","user_id":"bob","kind":"bank","last4":"3000"}',NULL);
INSERT INTO "microjob_outbox" VALUES(33,'2026-03-17 09:00:00.000000','microjob.events:PayoutRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","payout_id":"p9","user_id":"bob","amount":"50.00 USD","method_kind":"paypal","last4":".org","fee":"1.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(34,'2026-03-17 09:00:00.000000','microjob.events:DepositAnnounced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","deposit_id":"d10","user_id":"dora","amount":"40.00 USD","through_gateway":true}',NULL);
INSERT INTO "microjob_outbox" VALUES(35,'2026-03-17 09:00:00.000000','microjob.events:DepositConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","deposit_id":"d10","user_id":"dora","amount":"40.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(36,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","method_id":"p11","user_id":"dora","kind":"bank","last4":"AB00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(37,'2026-03-17 09:00:00.000000','microjob.events:PayoutRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","payout_id":"p12","user_id":"dora","amount":"25.00 USD","method_kind":"bank","last4":"AB00","fee":"3.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(38,'2026-03-17 09:00:00.000000','microjob.events:DepositAnnounced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","deposit_id":"d13","user_id":"ann","amount":"500.00 USD","through_gateway":true}',NULL);
INSERT INTO "microjob_outbox" VALUES(39,'2026-03-17 09:00:00.000000','microjob.events:DepositConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","deposit_id":"d13","user_id":"ann","amount":"500.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(40,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o14","buyer_id":"ann","seller_id":"cecil","price":"60.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(41,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o15","buyer_id":"ann","seller_id":"cecil","price":"30.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(42,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o15","amount":"34.65 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(43,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o16","buyer_id":"dora","seller_id":"cecil","price":"45.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(44,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o16","amount":"50.48 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(45,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o16","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(46,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o17","buyer_id":"dora","seller_id":"bob","price":"70.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(47,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o17","amount":"76.85 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(48,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o17","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(49,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o17","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(50,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o18","buyer_id":"ann","seller_id":"bob","price":"90.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(51,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o18","amount":"94.95 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(52,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o18","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(53,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o18","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(54,'2026-03-17 09:00:00.000000','microjob.events:RevisionRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o18","revisions_used":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(55,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o19","buyer_id":"cecil","seller_id":"bob","price":"200.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(56,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o19","amount":"211.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(57,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o19","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(58,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o19","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(59,'2026-03-17 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o19","seller_id":"bob","price":"200.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(60,'2026-03-17 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o19","seller_id":"bob","seller_amount":"160.00 USD","commission":"40.00 USD","fees":"11.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(61,'2026-03-17 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","review_id":"r20","order_id":"o19","subject_id":"bob","stars":3}',NULL);
INSERT INTO "microjob_outbox" VALUES(62,'2026-03-17 09:00:00.000000','microjob.events:ReviewPublished','{"at":"2026-03-17T09:00:00+00:00","actor":"system","review_id":"r20","subject_id":"bob","stars":3,"written_at":"2026-03-17T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(63,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o21","buyer_id":"ann","seller_id":"dora","price":"25.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(64,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o21","amount":"29.38 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(65,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o21","amount":"29.38 USD","to":"wallet","reference":"ch_e0e576b062_11"}',NULL);
INSERT INTO "microjob_outbox" VALUES(66,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o21","fault":"buyer","reason":"changed my mind"}',NULL);
INSERT INTO "microjob_outbox" VALUES(67,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o22","buyer_id":"bob","seller_id":"dora","price":"35.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(68,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o22","amount":"39.92 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(69,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o22","amount":"39.92 USD","to":"wallet","reference":"ch_e0e576b062_12"}',NULL);
INSERT INTO "microjob_outbox" VALUES(70,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o22","fault":"seller","reason":"too busy"}',NULL);
INSERT INTO "microjob_outbox" VALUES(71,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o23","buyer_id":"cecil","seller_id":"dora","price":"110.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(72,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o23","amount":"116.05 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(73,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o23","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(74,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o23","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(75,'2026-03-17 09:00:00.000000','microjob.events:DisputeOpened','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","dispute_id":"d24","order_id":"o23","opener_role":"buyer","reason":"Not what I asked for"}',NULL);
INSERT INTO "microjob_outbox" VALUES(76,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o25","buyer_id":"ann","seller_id":"cecil","price":"20.00 USD","state":"pending"}',NULL);
INSERT INTO "microjob_outbox" VALUES(77,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o26","buyer_id":"dora","seller_id":"cecil","price":"55.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(78,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o26","amount":"61.02 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(79,'2026-03-20 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-20T09:00:00+00:00","actor":"ann","order_id":"o27","buyer_id":"ann","seller_id":"dora","price":"40.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(80,'2026-03-20 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-20T09:00:00+00:00","actor":"system","order_id":"o27","amount":"45.20 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(81,'2026-03-20 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-20T09:00:00+00:00","actor":"ann","order_id":"o28","buyer_id":"ann","seller_id":"dora","price":"40.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(82,'2026-03-20 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-20T09:00:00+00:00","actor":"system","order_id":"o28","amount":"45.20 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(83,'2026-03-20 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-20T09:00:00+00:00","actor":"dora","order_id":"o28","due_at":"2026-03-25T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(84,'2026-03-20 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-20T09:00:00+00:00","actor":"dora","order_id":"o28","delivery_number":1}',NULL);
CREATE TABLE microjob_policies (
	hash VARCHAR(64) NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_microjob_policies PRIMARY KEY (hash)
);
INSERT INTO "microjob_policies" VALUES('68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"booking_fee_rate":"0","buyer_fee_rate":"0.055","clearance_days":14,"commission_rate":"0.20","contact_filter":"mask","dispute_fee":"none","name":"fiverr_like","payment_mode":"escrow","payout_business_days":{"bank":3,"paypal":1},"payout_fee_rates":{},"payout_fees":{"bank":"3.00 USD","paypal":"1.00 USD"},"payout_minimums":{"bank":"20.00 USD","paypal":"5.00 USD"},"rating_prior_mean":"4.5","refund_to":"wallet","small_order_fee":"3.00 USD","small_order_threshold":"75.00 USD"}');
INSERT INTO "microjob_policies" VALUES('e3212cdb21fa59d8f7aa34a76afc5ccc43e4a85bf874b516a5daed034dd4a113','{"booking_fee_rate":"0","business_days":true,"buyer_fee_rate":"0.055","clearance_days":14,"commission_rate":"0.20","contact_filter":"mask","dispute_fee":"none","name":"fiverr_like","payment_mode":"escrow","payout_business_days":{"bank":3,"paypal":1},"payout_fee_rates":{},"payout_fees":{"bank":"3.00 USD","paypal":"1.00 USD"},"payout_minimums":{"bank":"20.00 USD","paypal":"5.00 USD"},"rating_prior_mean":"4.5","refund_to":"wallet","small_order_fee":"3.00 USD","small_order_threshold":"75.00 USD"}');
CREATE TABLE microjob_record_index (
	kind VARCHAR(64) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	seq INTEGER NOT NULL, 
	CONSTRAINT pk_microjob_record_index PRIMARY KEY (kind, name, value, seq), 
	CONSTRAINT fk_microjob_record_index_seq FOREIGN KEY(seq) REFERENCES microjob_records (seq)
);
INSERT INTO "microjob_record_index" VALUES('listing','seller_id','"bob"',1);
INSERT INTO "microjob_record_index" VALUES('listing','state','"published"',1);
INSERT INTO "microjob_record_index" VALUES('listing','seller_id','"cecil"',2);
INSERT INTO "microjob_record_index" VALUES('listing','state','"published"',2);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o3"',6);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"bob"',6);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',6);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o3"',7);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"ann"',7);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',7);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','false',9);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"bob"',10);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"bob"',11);
INSERT INTO "microjob_record_index" VALUES('payout','user_id','"bob"',12);
INSERT INTO "microjob_record_index" VALUES('payout','state','"requested"',12);
INSERT INTO "microjob_record_index" VALUES('deposit','user_id','"dora"',13);
INSERT INTO "microjob_record_index" VALUES('deposit','state','"confirmed"',13);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"dora"',14);
INSERT INTO "microjob_record_index" VALUES('payout','user_id','"dora"',15);
INSERT INTO "microjob_record_index" VALUES('payout','state','"requested"',15);
INSERT INTO "microjob_record_index" VALUES('deposit','user_id','"ann"',16);
INSERT INTO "microjob_record_index" VALUES('deposit','state','"confirmed"',16);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o19"',17);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"bob"',17);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',17);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','true',19);
INSERT INTO "microjob_record_index" VALUES('dispute','order_id','"o23"',20);
INSERT INTO "microjob_record_index" VALUES('dispute','state','"open"',20);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','false',4);
CREATE TABLE microjob_record_kinds (
	kind VARCHAR(64) NOT NULL, 
	fields TEXT NOT NULL, 
	CONSTRAINT pk_microjob_record_kinds PRIMARY KEY (kind)
);
INSERT INTO "microjob_record_kinds" VALUES('listing','["seller_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('seller_tally','[]');
INSERT INTO "microjob_record_kinds" VALUES('seller_level','["dirty"]');
INSERT INTO "microjob_record_kinds" VALUES('totals','[]');
INSERT INTO "microjob_record_kinds" VALUES('review','["order_id","subject_id","visible"]');
INSERT INTO "microjob_record_kinds" VALUES('debt','["user_id","state","cause"]');
INSERT INTO "microjob_record_kinds" VALUES('payout_method','["user_id"]');
INSERT INTO "microjob_record_kinds" VALUES('payout','["user_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('deposit','["user_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('dispute','["order_id","state"]');
CREATE TABLE microjob_records (
	seq INTEGER NOT NULL, 
	kind VARCHAR(64) NOT NULL, 
	id VARCHAR(128) NOT NULL, 
	version INTEGER NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_microjob_records PRIMARY KEY (seq), 
	CONSTRAINT microjob_records_kind_id UNIQUE (kind, id)
);
INSERT INTO "microjob_records" VALUES(1,'listing','l1',2,'{"id":"l1","seller_id":"bob","title":"Logo design for your brand","description":"I draw a vector logo","category":"design","tags":["logo"],"packages":[{"name":"basic","price":"120.00 USD","delivery_days":3}],"created_at":"2026-03-02T09:00:00+00:00","updated_at":"2026-03-02T09:00:00+00:00","state":"published","published_at":"2026-03-02T09:00:00+00:00","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"create","actor":"bob","source":"","dest":"draft"},{"at":"2026-03-02T09:00:00+00:00","trigger":"submit","actor":"bob","source":"draft","dest":"pending_review"},{"at":"2026-03-02T09:00:00+00:00","trigger":"approve","actor":"system","source":"pending_review","dest":"published"}],"version":2}');
INSERT INTO "microjob_records" VALUES(2,'listing','l2',2,'{"id":"l2","seller_id":"cecil","title":"Logo animation","description":"Animated intro for your logo","category":"video","tags":["logo"],"packages":[{"name":"basic","price":"120.00 USD","delivery_days":3}],"created_at":"2026-03-02T09:00:00+00:00","updated_at":"2026-03-02T09:00:00+00:00","state":"published","published_at":"2026-03-02T09:00:00+00:00","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"create","actor":"cecil","source":"","dest":"draft"},{"at":"2026-03-02T09:00:00+00:00","trigger":"submit","actor":"cecil","source":"draft","dest":"pending_review"},{"at":"2026-03-02T09:00:00+00:00","trigger":"approve","actor":"system","source":"pending_review","dest":"published"}],"version":2}');
INSERT INTO "microjob_records" VALUES(3,'seller_tally','bob',4,'{"id":"bob","completed":3,"earnings":"344.00","days":[{"day":"2026-03-02","done":2,"delivered":2,"on_time":2,"reviews":1,"stars":5},{"day":"2026-03-17","done":1,"delivered":1,"on_time":1,"reviews":1,"stars":3}],"version":4,"reviews":2,"stars":8}');
INSERT INTO "microjob_records" VALUES(4,'seller_level','bob',3,'{"id":"bob","level":"Pro","evaluated_at":"2026-03-20T09:00:00+00:00","dirty":false,"version":3}');
INSERT INTO "microjob_records" VALUES(5,'totals','USD',2,'{"id":"USD","gmv":"430.00 USD","completed":3,"version":2}');
INSERT INTO "microjob_records" VALUES(6,'review','r5',0,'{"id":"r5","order_id":"o3","author_id":"ann","subject_id":"bob","author_role":"buyer","stars":5,"text":"Great work","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(7,'review','r6',0,'{"id":"r6","order_id":"o3","author_id":"bob","subject_id":"ann","author_role":"seller","stars":4,"text":"Nice buyer","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(8,'seller_tally','ann',0,'{"id":"ann","earnings":"0","days":[{"day":"2026-03-02","reviews":1,"stars":4}],"reviews":1,"stars":4}');
INSERT INTO "microjob_records" VALUES(9,'seller_level','ann',1,'{"id":"ann","level":"New","evaluated_at":"2026-03-17T09:00:00+00:00","dirty":false,"version":1}');
INSERT INTO "microjob_records" VALUES(10,'payout_method','p7',0,'{"id":"p7","user_id":"bob","method":[0,{"email":"bob@example.org"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(11,'payout_method','p8',0,'{"id":"p8","user_id":"bob","method":[1,{"iban":"DE89370400440532013000","bic":"DEUTDEFF","holder":"Bob Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(12,'payout','p9',0,'{"id":"p9","user_id":"bob","method_id":"p7","method_kind":"paypal","last4":".org","amount":"50.00 USD","fee":"1.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"bob","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(13,'deposit','d10',1,'{"id":"d10","user_id":"dora","amount":"40.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_e0e576b062_3","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"dora","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_e0e576b062_3"}],"version":1}');
INSERT INTO "microjob_records" VALUES(14,'payout_method','p11',0,'{"id":"p11","user_id":"dora","method":[1,{"iban":"DE9037040044053201AB00","bic":"DEUTDEFF","holder":"Dora Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(15,'payout','p12',0,'{"id":"p12","user_id":"dora","method_id":"p11","method_kind":"bank","last4":"AB00","amount":"25.00 USD","fee":"3.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"dora","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(16,'deposit','d13',1,'{"id":"d13","user_id":"ann","amount":"500.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_e0e576b062_4","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"ann","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_e0e576b062_4"}],"version":1}');
INSERT INTO "microjob_records" VALUES(17,'review','r20',0,'{"id":"r20","order_id":"o19","author_id":"cecil","subject_id":"bob","author_role":"buyer","stars":3,"text":"OK","written_at":"2026-03-17T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(18,'seller_tally','dora',1,'{"id":"dora","earnings":"0","days":[{"day":"2026-03-17","failed":1}],"version":1}');
INSERT INTO "microjob_records" VALUES(19,'seller_level','dora',0,'{"id":"dora","level":"New"}');
INSERT INTO "microjob_records" VALUES(20,'dispute','d24',0,'{"id":"d24","order_id":"o23","buyer_id":"cecil","seller_id":"dora","opened_by":"cecil","opener_role":"buyer","reason":"Not what I asked for","requested":{"outcome":"refund_buyer","reason":"Not what I asked for"},"state":"open","opened_at":"2026-03-17T09:00:00+00:00","evidence":[{"by":"cecil","role":"buyer","at":"2026-03-17T09:00:00+00:00","text":"Not what I asked for"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"","dest":"open","note":"Not what I asked for"}]}');
CREATE TABLE microjob_users (
	id VARCHAR(64) NOT NULL, 
	email_key VARCHAR(320) NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_microjob_users PRIMARY KEY (id), 
	CONSTRAINT uq_microjob_users_email_key UNIQUE (email_key)
);
INSERT INTO "microjob_users" VALUES('admin','admin@example.org','{"id":"admin","name":"Admin","email":"admin@example.org","joined_at":"2026-03-02T09:00:00+00:00","is_admin":true}');
INSERT INTO "microjob_users" VALUES('ann','ann@example.org','{"id":"ann","name":"Ann","email":"ann@example.org","joined_at":"2026-03-02T09:00:00+00:00"}');
INSERT INTO "microjob_users" VALUES('bob','bob@example.org','{"id":"bob","name":"Bob","email":"bob@example.org","joined_at":"2026-03-02T09:00:00+00:00"}');
INSERT INTO "microjob_users" VALUES('cecil','cecil@example.org','{"id":"cecil","name":"Cecil","email":"cecil@example.org","joined_at":"2026-03-02T09:00:00+00:00"}');
INSERT INTO "microjob_users" VALUES('dora','dora@example.org','{"id":"dora","name":"Dora","email":"dora@example.org","joined_at":"2026-03-02T09:00:00+00:00"}');
CREATE INDEX ix_microjob_ledger_entries_cause ON microjob_ledger_entries (cause);
CREATE INDEX microjob_outbox_unpublished ON microjob_outbox (id) WHERE published_at IS NULL;
CREATE INDEX microjob_transfers_destination ON microjob_ledger_transfers (destination, currency, seq);
CREATE INDEX microjob_transfers_source ON microjob_ledger_transfers (source, currency, seq);
CREATE INDEX microjob_orders_buyer ON microjob_orders (buyer_id, seq);
CREATE INDEX microjob_orders_seller ON microjob_orders (seller_id, seq);
CREATE INDEX microjob_orders_wake ON microjob_orders (wake_at, seq) WHERE wake_at IS NOT NULL;
COMMIT;
