BEGIN TRANSACTION;
CREATE TABLE microjob_alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT microjob_alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "microjob_alembic_version" VALUES('0001');
CREATE TABLE microjob_ids (
	name VARCHAR(32) NOT NULL, 
	next BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ids PRIMARY KEY (name)
);
INSERT INTO "microjob_ids" VALUES('ids',513);
CREATE TABLE microjob_inbox (
	event_id VARCHAR(255) NOT NULL, 
	outcome VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_microjob_inbox PRIMARY KEY (event_id)
);
INSERT INTO "microjob_inbox" VALUES('sync:ch_1','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_2','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_3','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_4','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_6','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_7','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_8','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_9','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_10','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_11','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_12','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_13','applied');
INSERT INTO "microjob_inbox" VALUES('evt_old_1','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_15','applied');
INSERT INTO "microjob_inbox" VALUES('sync:ch_16','applied');
CREATE TABLE microjob_ledger_balances (
	account VARCHAR(255) NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	balance BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ledger_balances PRIMARY KEY (account, currency)
);
INSERT INTO "microjob_ledger_balances" VALUES('world','USD',-158735);
INSERT INTO "microjob_ledger_balances" VALUES('order:o1:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:pending','USD',16000);
INSERT INTO "microjob_ledger_balances" VALUES('platform:commission','USD',8600);
INSERT INTO "microjob_ledger_balances" VALUES('platform:fees','USD',2365);
INSERT INTO "microjob_ledger_balances" VALUES('order:o2:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:available','USD',17392);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:payout','USD',5000);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:incoming','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:available','USD',1500);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:payout','USD',2500);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:incoming','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:available','USD',50528);
INSERT INTO "microjob_ledger_balances" VALUES('order:o13:escrow','USD',3465);
INSERT INTO "microjob_ledger_balances" VALUES('order:o14:escrow','USD',5048);
INSERT INTO "microjob_ledger_balances" VALUES('order:o15:escrow','USD',7685);
INSERT INTO "microjob_ledger_balances" VALUES('order:o16:escrow','USD',9495);
INSERT INTO "microjob_ledger_balances" VALUES('order:o17:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o19:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o20:escrow','USD',0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o21:escrow','USD',11605);
INSERT INTO "microjob_ledger_balances" VALUES('order:o23:escrow','USD',2410);
INSERT INTO "microjob_ledger_balances" VALUES('order:o24:escrow','USD',6102);
INSERT INTO "microjob_ledger_balances" VALUES('order:o25:escrow','USD',4520);
INSERT INTO "microjob_ledger_balances" VALUES('order:o26:escrow','USD',4520);
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
INSERT INTO "microjob_ledger_entries" VALUES(0,'order:o1:fund','order:o1','2026-03-02 09:00:00.000000','payment','0000000000000000000000000000000000000000000000000000000000000000','8de3bee5ab906da8577120af99360d89f52c5fd44529dcef7bfc981c430d6951');
INSERT INTO "microjob_ledger_entries" VALUES(1,'order:o1:release','order:o1','2026-03-02 09:00:00.000000','release','8de3bee5ab906da8577120af99360d89f52c5fd44529dcef7bfc981c430d6951','45fa2c6ec64a1eae199f2a65f7b41c21d7a535e65941e709be93df9c0b1d6826');
INSERT INTO "microjob_ledger_entries" VALUES(2,'order:o2:fund','order:o2','2026-03-02 09:00:00.000000','payment','45fa2c6ec64a1eae199f2a65f7b41c21d7a535e65941e709be93df9c0b1d6826','45746db15adf11b7b47a67a3468f71670ed3c5b5fda89bb5b87ef8a79503d67c');
INSERT INTO "microjob_ledger_entries" VALUES(3,'order:o2:release','order:o2','2026-03-02 09:00:00.000000','release','45746db15adf11b7b47a67a3468f71670ed3c5b5fda89bb5b87ef8a79503d67c','00b95b4f92689b4f9d53f93069e5f8579a586369afdef1036878ad3690767434');
INSERT INTO "microjob_ledger_entries" VALUES(4,'order:o1:clear','order:o1','2026-03-17 09:00:00.000000','clearance','00b95b4f92689b4f9d53f93069e5f8579a586369afdef1036878ad3690767434','9117869f54de6f208a9086fbc65df2cbaede523eb08447ec842c4d842c71bbed');
INSERT INTO "microjob_ledger_entries" VALUES(5,'order:o2:clear','order:o2','2026-03-17 09:00:00.000000','clearance','9117869f54de6f208a9086fbc65df2cbaede523eb08447ec842c4d842c71bbed','5df99f7c3d26737fdf05160a86d6c4bbd81e0b30fd62d4ffc05c92176fd86418');
INSERT INTO "microjob_ledger_entries" VALUES(6,'payout:p7:reserve','payout:p7','2026-03-17 09:00:00.000000','payout requested','5df99f7c3d26737fdf05160a86d6c4bbd81e0b30fd62d4ffc05c92176fd86418','b7d4ad2fcfe9d243ed8eb518e08f38febbaed528f10b62aa3735397ef8097e9e');
INSERT INTO "microjob_ledger_entries" VALUES(7,'deposit:d8:announce','deposit:d8','2026-03-17 09:00:00.000000','deposit announced','b7d4ad2fcfe9d243ed8eb518e08f38febbaed528f10b62aa3735397ef8097e9e','07309ee671bf8199859f3342f9817118d009b395063b36066cc41a26b3fdca48');
INSERT INTO "microjob_ledger_entries" VALUES(8,'deposit:d8:confirm','deposit:d8','2026-03-17 09:00:00.000000','deposit confirmed','07309ee671bf8199859f3342f9817118d009b395063b36066cc41a26b3fdca48','6b2f24717a23decb63d5522ff79239d8c7a0a2777a3e7ff0b6a6aa060374006c');
INSERT INTO "microjob_ledger_entries" VALUES(9,'payout:p10:reserve','payout:p10','2026-03-17 09:00:00.000000','payout requested','6b2f24717a23decb63d5522ff79239d8c7a0a2777a3e7ff0b6a6aa060374006c','ac0ae46b1069c2be0e89c642c0610bc6e814397ce20a6daaf951bc1a7a6ee418');
INSERT INTO "microjob_ledger_entries" VALUES(10,'deposit:d11:announce','deposit:d11','2026-03-17 09:00:00.000000','deposit announced','ac0ae46b1069c2be0e89c642c0610bc6e814397ce20a6daaf951bc1a7a6ee418','a7a3116013a855470cd5b57bdab9a20ad5e76e7e4602c409231161f3493f4043');
INSERT INTO "microjob_ledger_entries" VALUES(11,'deposit:d11:confirm','deposit:d11','2026-03-17 09:00:00.000000','deposit confirmed','a7a3116013a855470cd5b57bdab9a20ad5e76e7e4602c409231161f3493f4043','5858d348de638048e90a1db2f162a67dbb5a33c04db42cd81dc874362cda2234');
INSERT INTO "microjob_ledger_entries" VALUES(12,'order:o13:fund','order:o13','2026-03-17 09:00:00.000000','payment','5858d348de638048e90a1db2f162a67dbb5a33c04db42cd81dc874362cda2234','6272a33b425616eb6f508aac865e0fa3e9ec45d997d6ffb57896bd564ba116fe');
INSERT INTO "microjob_ledger_entries" VALUES(13,'order:o14:fund','order:o14','2026-03-17 09:00:00.000000','payment','6272a33b425616eb6f508aac865e0fa3e9ec45d997d6ffb57896bd564ba116fe','691370ade03cf01478c1e23d81e99351616c94ba98e2e019042380b6d6356b9d');
INSERT INTO "microjob_ledger_entries" VALUES(14,'order:o15:fund','order:o15','2026-03-17 09:00:00.000000','payment','691370ade03cf01478c1e23d81e99351616c94ba98e2e019042380b6d6356b9d','3b638d80b96e108eada1b5256fa67a618aaaeb91ab6712d430a41740ea6c7d2a');
INSERT INTO "microjob_ledger_entries" VALUES(15,'order:o16:fund','order:o16','2026-03-17 09:00:00.000000','payment','3b638d80b96e108eada1b5256fa67a618aaaeb91ab6712d430a41740ea6c7d2a','0ca094db5b91611668361ff15fdfad0e1846f64a3d7132b97fdfff917a1aba21');
INSERT INTO "microjob_ledger_entries" VALUES(16,'order:o17:fund','order:o17','2026-03-17 09:00:00.000000','payment','0ca094db5b91611668361ff15fdfad0e1846f64a3d7132b97fdfff917a1aba21','c2d5d2b3d03a874d8bd99f2b066382229cdd1471d876b7a0e73ad0dc66bf8b86');
INSERT INTO "microjob_ledger_entries" VALUES(17,'order:o17:release','order:o17','2026-03-17 09:00:00.000000','release','c2d5d2b3d03a874d8bd99f2b066382229cdd1471d876b7a0e73ad0dc66bf8b86','db1035ca778a08a959d84815c5c4bb8adcbb1f6de1d832ba3f68e9598bb52f13');
INSERT INTO "microjob_ledger_entries" VALUES(18,'order:o19:fund','order:o19','2026-03-17 09:00:00.000000','payment','db1035ca778a08a959d84815c5c4bb8adcbb1f6de1d832ba3f68e9598bb52f13','1e2423400e555d16c71ef3f09576690e98c5a795c089457a1f18e93466c8a482');
INSERT INTO "microjob_ledger_entries" VALUES(19,'order:o19:refund','order:o19','2026-03-17 09:00:00.000000','refund','1e2423400e555d16c71ef3f09576690e98c5a795c089457a1f18e93466c8a482','9fa0b470ff625831090e080ff329dd1ebec296a4d370571e225366bce1caac5d');
INSERT INTO "microjob_ledger_entries" VALUES(20,'order:o20:fund','order:o20','2026-03-17 09:00:00.000000','payment','9fa0b470ff625831090e080ff329dd1ebec296a4d370571e225366bce1caac5d','41e9be0ae624bf0452d71d44882bf85ad8474588abb41f781f06b08811261a32');
INSERT INTO "microjob_ledger_entries" VALUES(21,'order:o20:refund','order:o20','2026-03-17 09:00:00.000000','refund','41e9be0ae624bf0452d71d44882bf85ad8474588abb41f781f06b08811261a32','330227f5672f09b4509587d93c6929ffd6d7ad5f79764da7a5893b13c8df3f8d');
INSERT INTO "microjob_ledger_entries" VALUES(22,'order:o21:fund','order:o21','2026-03-17 09:00:00.000000','payment','330227f5672f09b4509587d93c6929ffd6d7ad5f79764da7a5893b13c8df3f8d','0c7bb49c9441deeeb0caa077a8caba5c18d5f99f32261dd060c7b2ae0a874d4f');
INSERT INTO "microjob_ledger_entries" VALUES(23,'order:o23:fund','order:o23','2026-03-17 09:00:00.000000','payment','0c7bb49c9441deeeb0caa077a8caba5c18d5f99f32261dd060c7b2ae0a874d4f','8987cff98d5de1ebc9f0449b9716f5bf8043b1d1dd334e9644191f82c30926dd');
INSERT INTO "microjob_ledger_entries" VALUES(24,'order:o24:fund','order:o24','2026-03-17 09:00:00.000000','payment','8987cff98d5de1ebc9f0449b9716f5bf8043b1d1dd334e9644191f82c30926dd','5fd09a4c6a3702bff5dcc2d6e73f77dd4178c99e7c20668c2e8c9007c0de0e52');
INSERT INTO "microjob_ledger_entries" VALUES(25,'order:o25:fund','order:o25','2026-03-20 09:00:00.000000','payment','5fd09a4c6a3702bff5dcc2d6e73f77dd4178c99e7c20668c2e8c9007c0de0e52','6d99b358669d982576549dab4a4561f45eefb9199a373fde4794954bf073a478');
INSERT INTO "microjob_ledger_entries" VALUES(26,'order:o26:fund','order:o26','2026-03-20 09:00:00.000000','payment','6d99b358669d982576549dab4a4561f45eefb9199a373fde4794954bf073a478','0d6c426cda2b9eedee6cb498f6fec05675bc481c338fd75c408c470109c8160c');
CREATE TABLE microjob_ledger_head (
	id SMALLINT NOT NULL, 
	entries BIGINT NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_microjob_ledger_head PRIMARY KEY (id)
);
INSERT INTO "microjob_ledger_head" VALUES(1,27,'0d6c426cda2b9eedee6cb498f6fec05675bc481c338fd75c408c470109c8160c');
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
INSERT INTO "microjob_ledger_transfers" VALUES(0,0,'world','order:o1:escrow','USD',15825);
INSERT INTO "microjob_ledger_transfers" VALUES(1,0,'order:o1:escrow','user:bob:pending','USD',12000);
INSERT INTO "microjob_ledger_transfers" VALUES(1,1,'order:o1:escrow','platform:commission','USD',3000);
INSERT INTO "microjob_ledger_transfers" VALUES(1,2,'order:o1:escrow','platform:fees','USD',825);
INSERT INTO "microjob_ledger_transfers" VALUES(2,0,'world','order:o2:escrow','USD',8440);
INSERT INTO "microjob_ledger_transfers" VALUES(3,0,'order:o2:escrow','user:bob:pending','USD',6400);
INSERT INTO "microjob_ledger_transfers" VALUES(3,1,'order:o2:escrow','platform:commission','USD',1600);
INSERT INTO "microjob_ledger_transfers" VALUES(3,2,'order:o2:escrow','platform:fees','USD',440);
INSERT INTO "microjob_ledger_transfers" VALUES(4,0,'user:bob:pending','user:bob:available','USD',12000);
INSERT INTO "microjob_ledger_transfers" VALUES(5,0,'user:bob:pending','user:bob:available','USD',6400);
INSERT INTO "microjob_ledger_transfers" VALUES(6,0,'user:bob:available','user:bob:payout','USD',5000);
INSERT INTO "microjob_ledger_transfers" VALUES(7,0,'world','user:dora:incoming','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(8,0,'user:dora:incoming','user:dora:available','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(9,0,'user:dora:available','user:dora:payout','USD',2500);
INSERT INTO "microjob_ledger_transfers" VALUES(10,0,'world','user:ann:incoming','USD',50000);
INSERT INTO "microjob_ledger_transfers" VALUES(11,0,'user:ann:incoming','user:ann:available','USD',50000);
INSERT INTO "microjob_ledger_transfers" VALUES(12,0,'world','order:o13:escrow','USD',3465);
INSERT INTO "microjob_ledger_transfers" VALUES(13,0,'world','order:o14:escrow','USD',5048);
INSERT INTO "microjob_ledger_transfers" VALUES(14,0,'world','order:o15:escrow','USD',7685);
INSERT INTO "microjob_ledger_transfers" VALUES(15,0,'world','order:o16:escrow','USD',9495);
INSERT INTO "microjob_ledger_transfers" VALUES(16,0,'world','order:o17:escrow','USD',21100);
INSERT INTO "microjob_ledger_transfers" VALUES(17,0,'order:o17:escrow','user:bob:pending','USD',16000);
INSERT INTO "microjob_ledger_transfers" VALUES(17,1,'order:o17:escrow','platform:commission','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(17,2,'order:o17:escrow','platform:fees','USD',1100);
INSERT INTO "microjob_ledger_transfers" VALUES(18,0,'world','order:o19:escrow','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(19,0,'order:o19:escrow','user:ann:available','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(20,0,'world','order:o20:escrow','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(21,0,'order:o20:escrow','user:bob:available','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(22,0,'world','order:o21:escrow','USD',11605);
INSERT INTO "microjob_ledger_transfers" VALUES(23,0,'user:ann:available','order:o23:escrow','USD',2410);
INSERT INTO "microjob_ledger_transfers" VALUES(24,0,'world','order:o24:escrow','USD',6102);
INSERT INTO "microjob_ledger_transfers" VALUES(25,0,'world','order:o25:escrow','USD',4520);
INSERT INTO "microjob_ledger_transfers" VALUES(26,0,'world','order:o26:escrow','USD',4520);
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
INSERT INTO "microjob_orders" VALUES(1,'o1',5,'completed','ann','bob',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o1","buyer_id":"ann","seller_id":"bob","title":"Cleared logo","price":"150.00 USD","buyer_fee":"8.25 USD","booking_fee":"0.00 USD","escrow_total":"158.25 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_1","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"120.00 USD","commission":"30.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"ann","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(2,'o2',5,'completed','cecil','bob',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o2","buyer_id":"cecil","seller_id":"bob","title":"Cleared banner","price":"80.00 USD","buyer_fee":"4.40 USD","booking_fee":"0.00 USD","escrow_total":"84.40 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_2","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"64.00 USD","commission":"16.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(3,'o12',0,'awaiting_payment','ann','cecil','2026-03-18 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o12","buyer_id":"ann","seller_id":"cecil","title":"Awaiting payment","price":"60.00 USD","buyer_fee":"6.30 USD","booking_fee":"0.00 USD","escrow_total":"66.30 USD","delivery_days":3,"state":"awaiting_payment","placed_at":"2026-03-17T09:00:00+00:00","deadline":"2026-03-18T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"}]}');
INSERT INTO "microjob_orders" VALUES(4,'o13',1,'pending','ann','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o13","buyer_id":"ann","seller_id":"cecil","title":"Not started yet","price":"30.00 USD","buyer_fee":"4.65 USD","booking_fee":"0.00 USD","escrow_total":"34.65 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_6","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(5,'o14',2,'active','dora','cecil','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o14","buyer_id":"dora","seller_id":"cecil","title":"Active work","price":"45.00 USD","buyer_fee":"5.48 USD","booking_fee":"0.00 USD","escrow_total":"50.48 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_7","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"cecil","source":"pending","dest":"active"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(6,'o15',3,'delivered','dora','bob','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o15","buyer_id":"dora","seller_id":"bob","title":"Delivered work","price":"70.00 USD","buyer_fee":"6.85 USD","booking_fee":"0.00 USD","escrow_total":"76.85 USD","delivery_days":3,"state":"delivered","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_8","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Delivered"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"}],"version":3}');
INSERT INTO "microjob_orders" VALUES(7,'o16',4,'active','ann','bob','2026-03-20 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o16","buyer_id":"ann","seller_id":"bob","title":"Revision asked","price":"90.00 USD","buyer_fee":"4.95 USD","booking_fee":"0.00 USD","escrow_total":"94.95 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_9","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","revisions":1,"deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"v1"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"request_revision","actor":"ann","source":"delivered","dest":"active","note":"Make it blue"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(8,'o17',4,'completed','cecil','bob','2026-03-31 09:00:00.000000','68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o17","buyer_id":"cecil","seller_id":"bob","title":"Completed not cleared","price":"200.00 USD","buyer_fee":"11.00 USD","booking_fee":"0.00 USD","escrow_total":"211.00 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_10","due_at":"2026-03-20T09:00:00+00:00","clears_at":"2026-03-31T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","closed_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Final"}],"seller_amount":"160.00 USD","commission":"40.00 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(9,'o19',2,'cancelled','ann','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o19","buyer_id":"ann","seller_id":"dora","title":"Cancelled","price":"25.00 USD","buyer_fee":"4.38 USD","booking_fee":"0.00 USD","escrow_total":"29.38 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_11","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"ann","fault":"buyer","reason":"changed my mind","at":"2026-03-17T09:00:00+00:00"},"refunded":"29.38 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"cancel","actor":"ann","source":"pending","dest":"cancelled","note":"changed my mind"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(10,'o20',2,'cancelled','bob','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o20","buyer_id":"bob","seller_id":"dora","title":"Declined","price":"35.00 USD","buyer_fee":"4.92 USD","booking_fee":"0.00 USD","escrow_total":"39.92 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_12","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"dora","fault":"seller","reason":"too busy","at":"2026-03-17T09:00:00+00:00"},"refunded":"39.92 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"bob","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"decline","actor":"dora","source":"pending","dest":"cancelled","note":"too busy"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(11,'o21',4,'disputed','cecil','dora',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o21","buyer_id":"cecil","seller_id":"dora","title":"Disputed","price":"110.00 USD","buyer_fee":"6.05 USD","booking_fee":"0.00 USD","escrow_total":"116.05 USD","delivery_days":3,"state":"disputed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_13","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Done?"}],"paused":{"state":"delivered","at":"2026-03-17T09:00:00+00:00","remaining":[3,0,0]},"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"dora","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"dora","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"delivered","dest":"disputed","note":"Not what I asked for"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(12,'o23',0,'pending','ann','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o23","buyer_id":"ann","seller_id":"cecil","title":"Paid from wallet","price":"20.00 USD","buyer_fee":"4.10 USD","booking_fee":"0.00 USD","escrow_total":"24.10 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","paid_from":"wallet","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"pending"}]}');
INSERT INTO "microjob_orders" VALUES(13,'o24',1,'pending','dora','cecil',NULL,'68df615c12a177dfa5800c6e0fbba4fb4769b0f900da59aab44035bbb2f77831','{"id":"o24","buyer_id":"dora","seller_id":"cecil","title":"Paid by webhook","price":"55.00 USD","buyer_fee":"6.02 USD","booking_fee":"0.00 USD","escrow_total":"61.02 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_old_hook","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(14,'o25',1,'pending','ann','dora',NULL,'e3212cdb21fa59d8f7aa34a76afc5ccc43e4a85bf874b516a5daed034dd4a113','{"id":"o25","buyer_id":"ann","seller_id":"dora","title":"Business days, not started","price":"40.00 USD","buyer_fee":"5.20 USD","booking_fee":"0.00 USD","escrow_total":"45.20 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-20T09:00:00+00:00","charge_ref":"ch_15","history":[{"at":"2026-03-20T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-20T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(15,'o26',3,'delivered','ann','dora','2026-03-25 09:00:00.000000','e3212cdb21fa59d8f7aa34a76afc5ccc43e4a85bf874b516a5daed034dd4a113','{"id":"o26","buyer_id":"ann","seller_id":"dora","title":"Business days, delivered","price":"40.00 USD","buyer_fee":"5.20 USD","booking_fee":"0.00 USD","escrow_total":"45.20 USD","delivery_days":3,"state":"delivered","placed_at":"2026-03-20T09:00:00+00:00","charge_ref":"ch_16","due_at":"2026-03-25T09:00:00+00:00","auto_complete_at":"2026-03-25T09:00:00+00:00","started_at":"2026-03-20T09:00:00+00:00","delivered_at":"2026-03-20T09:00:00+00:00","deliveries":[{"at":"2026-03-20T09:00:00+00:00","message":"Done"}],"history":[{"at":"2026-03-20T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-20T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-20T09:00:00+00:00","trigger":"start","actor":"dora","source":"pending","dest":"active"},{"at":"2026-03-20T09:00:00+00:00","trigger":"deliver","actor":"dora","source":"active","dest":"delivered"}],"version":3}');
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
INSERT INTO "microjob_outbox" VALUES(6,'2026-03-02 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o1","buyer_id":"ann","seller_id":"bob","price":"150.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(7,'2026-03-02 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-02T09:00:00+00:00","actor":"system","order_id":"o1","amount":"158.25 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(8,'2026-03-02 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o1","due_at":"2026-03-05T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(9,'2026-03-02 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o1","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(10,'2026-03-02 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o1","seller_id":"bob","price":"150.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(11,'2026-03-02 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","order_id":"o1","seller_id":"bob","seller_amount":"120.00 USD","commission":"30.00 USD","fees":"8.25 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(12,'2026-03-02 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o2","buyer_id":"cecil","seller_id":"bob","price":"80.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(13,'2026-03-02 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-02T09:00:00+00:00","actor":"system","order_id":"o2","amount":"84.40 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(14,'2026-03-02 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o2","due_at":"2026-03-05T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(15,'2026-03-02 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","order_id":"o2","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(16,'2026-03-02 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o2","seller_id":"bob","price":"80.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(17,'2026-03-02 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-02T09:00:00+00:00","actor":"cecil","order_id":"o2","seller_id":"bob","seller_amount":"64.00 USD","commission":"16.00 USD","fees":"4.40 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(18,'2026-03-02 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-02T09:00:00+00:00","actor":"ann","review_id":"r3","order_id":"o1","subject_id":"bob","stars":5}',NULL);
INSERT INTO "microjob_outbox" VALUES(19,'2026-03-02 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-02T09:00:00+00:00","actor":"bob","review_id":"r4","order_id":"o1","subject_id":"ann","stars":4}',NULL);
INSERT INTO "microjob_outbox" VALUES(20,'2026-03-02 09:00:00.000000','microjob.events:LevelChanged','{"at":"2026-03-02T09:00:00+00:00","actor":"system","user_id":"bob","old_level":"New","new_level":"Pro","direction":"up"}',NULL);
INSERT INTO "microjob_outbox" VALUES(21,'2026-03-17 09:00:00.000000','microjob.events:FundsCleared','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o1","seller_id":"bob","amount":"120.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(22,'2026-03-17 09:00:00.000000','microjob.events:FundsCleared','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o2","seller_id":"bob","amount":"64.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(23,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","method_id":"p5","user_id":"bob","kind":"paypal","last4":".org"}',NULL);
INSERT INTO "microjob_outbox" VALUES(24,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","method_id":"p6","user_id":"bob","kind":"bank","last4":"3000"}',NULL);
INSERT INTO "microjob_outbox" VALUES(25,'2026-03-17 09:00:00.000000','microjob.events:PayoutRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","payout_id":"p7","user_id":"bob","amount":"50.00 USD","method_kind":"paypal","last4":".org","fee":"1.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(26,'2026-03-17 09:00:00.000000','microjob.events:DepositAnnounced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","deposit_id":"d8","user_id":"dora","amount":"40.00 USD","through_gateway":true}',NULL);
INSERT INTO "microjob_outbox" VALUES(27,'2026-03-17 09:00:00.000000','microjob.events:DepositConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","deposit_id":"d8","user_id":"dora","amount":"40.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(28,'2026-03-17 09:00:00.000000','microjob.events:PayoutMethodAdded','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","method_id":"p9","user_id":"dora","kind":"bank","last4":"AB00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(29,'2026-03-17 09:00:00.000000','microjob.events:PayoutRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","payout_id":"p10","user_id":"dora","amount":"25.00 USD","method_kind":"bank","last4":"AB00","fee":"3.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(30,'2026-03-17 09:00:00.000000','microjob.events:DepositAnnounced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","deposit_id":"d11","user_id":"ann","amount":"500.00 USD","through_gateway":true}',NULL);
INSERT INTO "microjob_outbox" VALUES(31,'2026-03-17 09:00:00.000000','microjob.events:DepositConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","deposit_id":"d11","user_id":"ann","amount":"500.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(32,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o12","buyer_id":"ann","seller_id":"cecil","price":"60.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(33,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o13","buyer_id":"ann","seller_id":"cecil","price":"30.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(34,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o13","amount":"34.65 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(35,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o14","buyer_id":"dora","seller_id":"cecil","price":"45.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(36,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o14","amount":"50.48 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(37,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o14","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(38,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o15","buyer_id":"dora","seller_id":"bob","price":"70.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(39,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o15","amount":"76.85 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(40,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o15","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(41,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o15","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(42,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o16","buyer_id":"ann","seller_id":"bob","price":"90.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(43,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o16","amount":"94.95 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(44,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o16","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(45,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o16","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(46,'2026-03-17 09:00:00.000000','microjob.events:RevisionRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o16","revisions_used":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(47,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o17","buyer_id":"cecil","seller_id":"bob","price":"200.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(48,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o17","amount":"211.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(49,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o17","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(50,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o17","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(51,'2026-03-17 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o17","seller_id":"bob","price":"200.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(52,'2026-03-17 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o17","seller_id":"bob","seller_amount":"160.00 USD","commission":"40.00 USD","fees":"11.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(53,'2026-03-17 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","review_id":"r18","order_id":"o17","subject_id":"bob","stars":3}',NULL);
INSERT INTO "microjob_outbox" VALUES(54,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o19","buyer_id":"ann","seller_id":"dora","price":"25.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(55,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o19","amount":"29.38 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(56,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o19","amount":"29.38 USD","to":"wallet","reference":"ch_11"}',NULL);
INSERT INTO "microjob_outbox" VALUES(57,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o19","fault":"buyer","reason":"changed my mind"}',NULL);
INSERT INTO "microjob_outbox" VALUES(58,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o20","buyer_id":"bob","seller_id":"dora","price":"35.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(59,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o20","amount":"39.92 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(60,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o20","amount":"39.92 USD","to":"wallet","reference":"ch_12"}',NULL);
INSERT INTO "microjob_outbox" VALUES(61,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o20","fault":"seller","reason":"too busy"}',NULL);
INSERT INTO "microjob_outbox" VALUES(62,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o21","buyer_id":"cecil","seller_id":"dora","price":"110.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(63,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o21","amount":"116.05 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(64,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o21","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(65,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o21","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(66,'2026-03-17 09:00:00.000000','microjob.events:DisputeOpened','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","dispute_id":"d22","order_id":"o21","opener_role":"buyer","reason":"Not what I asked for"}',NULL);
INSERT INTO "microjob_outbox" VALUES(67,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o23","buyer_id":"ann","seller_id":"cecil","price":"20.00 USD","state":"pending"}',NULL);
INSERT INTO "microjob_outbox" VALUES(68,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o24","buyer_id":"dora","seller_id":"cecil","price":"55.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(69,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o24","amount":"61.02 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(70,'2026-03-20 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-20T09:00:00+00:00","actor":"ann","order_id":"o25","buyer_id":"ann","seller_id":"dora","price":"40.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(71,'2026-03-20 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-20T09:00:00+00:00","actor":"system","order_id":"o25","amount":"45.20 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(72,'2026-03-20 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-20T09:00:00+00:00","actor":"ann","order_id":"o26","buyer_id":"ann","seller_id":"dora","price":"40.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(73,'2026-03-20 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-20T09:00:00+00:00","actor":"system","order_id":"o26","amount":"45.20 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(74,'2026-03-20 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-20T09:00:00+00:00","actor":"dora","order_id":"o26","due_at":"2026-03-25T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(75,'2026-03-20 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-20T09:00:00+00:00","actor":"dora","order_id":"o26","delivery_number":1}',NULL);
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
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o1"',3);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"bob"',3);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',3);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o1"',4);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"ann"',4);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',4);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','false',5);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"bob"',6);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"bob"',7);
INSERT INTO "microjob_record_index" VALUES('payout','user_id','"bob"',8);
INSERT INTO "microjob_record_index" VALUES('payout','state','"requested"',8);
INSERT INTO "microjob_record_index" VALUES('deposit','user_id','"dora"',9);
INSERT INTO "microjob_record_index" VALUES('deposit','state','"confirmed"',9);
INSERT INTO "microjob_record_index" VALUES('payout_method','user_id','"dora"',10);
INSERT INTO "microjob_record_index" VALUES('payout','user_id','"dora"',11);
INSERT INTO "microjob_record_index" VALUES('payout','state','"requested"',11);
INSERT INTO "microjob_record_index" VALUES('deposit','user_id','"ann"',12);
INSERT INTO "microjob_record_index" VALUES('deposit','state','"confirmed"',12);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o17"',13);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"bob"',13);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',13);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','true',14);
INSERT INTO "microjob_record_index" VALUES('dispute','order_id','"o21"',15);
INSERT INTO "microjob_record_index" VALUES('dispute','state','"open"',15);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','false',1);
CREATE TABLE microjob_record_kinds (
	kind VARCHAR(64) NOT NULL, 
	fields TEXT NOT NULL, 
	CONSTRAINT pk_microjob_record_kinds PRIMARY KEY (kind)
);
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
INSERT INTO "microjob_records" VALUES(1,'seller_level','bob',3,'{"id":"bob","level":"Pro","evaluated_at":"2026-03-20T09:00:00+00:00","dirty":false,"version":3}');
INSERT INTO "microjob_records" VALUES(2,'totals','USD',2,'{"id":"USD","gmv":"430.00 USD","completed":3,"version":2}');
INSERT INTO "microjob_records" VALUES(3,'review','r3',0,'{"id":"r3","order_id":"o1","author_id":"ann","subject_id":"bob","author_role":"buyer","stars":5,"text":"Great work","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(4,'review','r4',0,'{"id":"r4","order_id":"o1","author_id":"bob","subject_id":"ann","author_role":"seller","stars":4,"text":"Nice buyer","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(5,'seller_level','ann',1,'{"id":"ann","level":"New","evaluated_at":"2026-03-17T09:00:00+00:00","dirty":false,"version":1}');
INSERT INTO "microjob_records" VALUES(6,'payout_method','p5',0,'{"id":"p5","user_id":"bob","method":[0,{"email":"bob@example.org"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(7,'payout_method','p6',0,'{"id":"p6","user_id":"bob","method":[1,{"iban":"DE89370400440532013000","bic":"DEUTDEFF","holder":"Bob Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(8,'payout','p7',0,'{"id":"p7","user_id":"bob","method_id":"p5","method_kind":"paypal","last4":".org","amount":"50.00 USD","fee":"1.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"bob","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(9,'deposit','d8',1,'{"id":"d8","user_id":"dora","amount":"40.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_3","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"dora","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_3"}],"version":1}');
INSERT INTO "microjob_records" VALUES(10,'payout_method','p9',0,'{"id":"p9","user_id":"dora","method":[1,{"iban":"DE9037040044053201AB00","bic":"DEUTDEFF","holder":"Dora Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(11,'payout','p10',0,'{"id":"p10","user_id":"dora","method_id":"p9","method_kind":"bank","last4":"AB00","amount":"25.00 USD","fee":"3.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"dora","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(12,'deposit','d11',1,'{"id":"d11","user_id":"ann","amount":"500.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_4","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"ann","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_4"}],"version":1}');
INSERT INTO "microjob_records" VALUES(13,'review','r18',0,'{"id":"r18","order_id":"o17","author_id":"cecil","subject_id":"bob","author_role":"buyer","stars":3,"text":"OK","written_at":"2026-03-17T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(14,'seller_level','dora',0,'{"id":"dora","level":"New"}');
INSERT INTO "microjob_records" VALUES(15,'dispute','d22',0,'{"id":"d22","order_id":"o21","buyer_id":"cecil","seller_id":"dora","opened_by":"cecil","opener_role":"buyer","reason":"Not what I asked for","requested":{"outcome":"refund_buyer","reason":"Not what I asked for"},"state":"open","opened_at":"2026-03-17T09:00:00+00:00","evidence":[{"by":"cecil","role":"buyer","at":"2026-03-17T09:00:00+00:00","text":"Not what I asked for"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"","dest":"open","note":"Not what I asked for"}]}');
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
