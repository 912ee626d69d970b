BEGIN TRANSACTION;
CREATE TABLE microjob_alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT microjob_alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "microjob_alembic_version" VALUES('0003');
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
INSERT INTO "microjob_inbox" VALUES('sync:order:o3:ch_aed790b038_1','applied','charge.succeeded|order:o3|158.25 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o4:ch_aed790b038_2','applied','charge.succeeded|order:o4|84.4 USD');
INSERT INTO "microjob_inbox" VALUES('sync:deposit:d10:ch_aed790b038_3','applied','charge.succeeded|deposit:d10|40 USD');
INSERT INTO "microjob_inbox" VALUES('sync:deposit:d13:ch_aed790b038_4','applied','charge.succeeded|deposit:d13|500 USD');
INSERT INTO "microjob_inbox" VALUES('sync:subscription:s14:ch_aed790b038_5','applied','charge.succeeded|subscription:s14|10 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o16:ch_aed790b038_7','applied','charge.succeeded|order:o16|34.65 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o17:ch_aed790b038_8','applied','charge.succeeded|order:o17|50.48 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o18:ch_aed790b038_9','applied','charge.succeeded|order:o18|76.85 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o19:ch_aed790b038_10','applied','charge.succeeded|order:o19|94.95 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o20:ch_aed790b038_11','applied','charge.succeeded|order:o20|211 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o22:ch_aed790b038_12','applied','charge.succeeded|order:o22|29.38 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o23:ch_aed790b038_13','applied','charge.succeeded|order:o23|39.92 USD');
INSERT INTO "microjob_inbox" VALUES('sync:order:o24:ch_aed790b038_14','applied','charge.succeeded|order:o24|116.05 USD');
INSERT INTO "microjob_inbox" VALUES('evt_old_1','applied','charge.succeeded|order:o27|61.02 USD');
CREATE TABLE "microjob_ledger_balances" (
	account VARCHAR(255) NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	stripe SMALLINT NOT NULL, 
	balance BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_ledger_balances PRIMARY KEY (account, currency, stripe)
);
INSERT INTO "microjob_ledger_balances" VALUES('order:o3:escrow','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('world','USD',0,-150695);
INSERT INTO "microjob_ledger_balances" VALUES('platform:commission','USD',0,8600);
INSERT INTO "microjob_ledger_balances" VALUES('platform:fees','USD',0,2365);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:pending','USD',0,16000);
INSERT INTO "microjob_ledger_balances" VALUES('order:o4:escrow','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:available','USD',0,17392);
INSERT INTO "microjob_ledger_balances" VALUES('user:bob:payout','USD',0,5000);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:incoming','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:available','USD',0,1500);
INSERT INTO "microjob_ledger_balances" VALUES('user:dora:payout','USD',0,2500);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:incoming','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('user:ann:available','USD',0,50528);
INSERT INTO "microjob_ledger_balances" VALUES('platform:subscriptions','USD',0,1000);
INSERT INTO "microjob_ledger_balances" VALUES('order:o16:escrow','USD',0,3465);
INSERT INTO "microjob_ledger_balances" VALUES('order:o17:escrow','USD',0,5048);
INSERT INTO "microjob_ledger_balances" VALUES('order:o18:escrow','USD',0,7685);
INSERT INTO "microjob_ledger_balances" VALUES('order:o19:escrow','USD',0,9495);
INSERT INTO "microjob_ledger_balances" VALUES('order:o20:escrow','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o22:escrow','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o23:escrow','USD',0,0);
INSERT INTO "microjob_ledger_balances" VALUES('order:o24:escrow','USD',0,11605);
INSERT INTO "microjob_ledger_balances" VALUES('order:o26:escrow','USD',0,2410);
INSERT INTO "microjob_ledger_balances" VALUES('order:o27:escrow','USD',0,6102);
CREATE TABLE "microjob_ledger_entries" (
	seq BIGINT NOT NULL, 
	entry_key VARCHAR(255) NOT NULL, 
	cause VARCHAR(255) NOT NULL, 
	at DATETIME NOT NULL, 
	memo TEXT NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	key_id VARCHAR(32) NOT NULL, 
	pos BIGINT, 
	link VARCHAR(64), 
	CONSTRAINT pk_microjob_ledger_entries PRIMARY KEY (seq), 
	CONSTRAINT uq_microjob_ledger_entries_pos UNIQUE (pos), 
	CONSTRAINT uq_microjob_ledger_entries_entry_key UNIQUE (entry_key)
);
INSERT INTO "microjob_ledger_entries" VALUES(0,'order:o3:fund','order:o3','2026-03-02 09:00:00.000000','payment','996b9e99f171b690f03592691021a87d9b11b6ab94482e60a486ac6ed26027bb','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(1,'order:o3:release','order:o3','2026-03-02 09:00:00.000000','release','3cf5d2848f8d30fb6e539bb65f390adc51da6dabc4b3cc335bc124e129fc24b9','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(2,'order:o4:fund','order:o4','2026-03-02 09:00:00.000000','payment','32d9a9b1ae95e2b1d99bedc956fbaa28b4c84ced5a27e3cd07d453dfdcd4f15b','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(3,'order:o4:release','order:o4','2026-03-02 09:00:00.000000','release','52412510220c8946fba25331ff50604e5439102aa37ac4a26724910fcb4f068d','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(4,'order:o3:clear','order:o3','2026-03-17 09:00:00.000000','clearance','2edcc6421092d09c3a560f7c15bb18c54f9680be08f6cc9bc9d8be03dfd3d5ce','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(5,'order:o4:clear','order:o4','2026-03-17 09:00:00.000000','clearance','d10a54ce96abb285239faad4a599d5b7ff04d8ee6daea2dd3b254b477ae8f6e7','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(6,'payout:p9:reserve','payout:p9','2026-03-17 09:00:00.000000','payout requested','31cb0a7513abb9655903f19535a1ea8a3410d099458da7253502b9a3b7a5f16d','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(7,'deposit:d10:announce','deposit:d10','2026-03-17 09:00:00.000000','deposit announced','556196c7a4fb2f2d2c0c4d9972a7d97f1ae8102a0f4a16f27fd762c519391b4a','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(8,'deposit:d10:confirm','deposit:d10','2026-03-17 09:00:00.000000','deposit confirmed','969c4cb6f4b4a41014f63f36277d8caa8f3d5abda09336ab14952dcc508c64b0','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(9,'payout:p12:reserve','payout:p12','2026-03-17 09:00:00.000000','payout requested','e765f903a836e460213170fb46badcf08f9661f7165bdf6443c7d8d67eebeb35','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(10,'deposit:d13:announce','deposit:d13','2026-03-17 09:00:00.000000','deposit announced','ff8f8e73b874b909a1126ce238d2a85e31557ed0cc07a186e19aee767a8cc8d4','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(11,'deposit:d13:confirm','deposit:d13','2026-03-17 09:00:00.000000','deposit confirmed','2200a1f11c4290c2d94fe0cfef0e8ce733ee5cf1257360e86f18232a1c117ca6','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(12,'subscription:s14:period:1','subscription:s14','2026-03-17 09:00:00.000000','subscription pro period 1 (ch_aed790b038_5)','0b3eadb4ec9918eccd69641328cdd0223d4612420d14b725d520faa7521cea3c','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(13,'order:o16:fund','order:o16','2026-03-17 09:00:00.000000','payment','052f3727e55554fc2fd4403911746ae3507238e0c6da5fd9c7def6ff08626756','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(14,'order:o17:fund','order:o17','2026-03-17 09:00:00.000000','payment','21ce580311457ac39497e101eda36e28f566b2365b17d3792db2c61e244e16ca','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(15,'order:o18:fund','order:o18','2026-03-17 09:00:00.000000','payment','1717fae6335674f0622515e7a6268c270481b82e3cdbf6fa06893b4b9403b1ff','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(16,'order:o19:fund','order:o19','2026-03-17 09:00:00.000000','payment','55705e859a0be730a175316a5b37ff07cb4e3e8e5a39c03f39eb1b08813150da','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(17,'order:o20:fund','order:o20','2026-03-17 09:00:00.000000','payment','ea6ad32468ff4ed35aa73f2af6d5b388f043802a0f6833d2dbbb272288c4d124','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(18,'order:o20:release','order:o20','2026-03-17 09:00:00.000000','release','7d20ede43e684d8c6c0275ee9b5cc664eca91ee12382e7229e6b5e545465b452','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(19,'order:o22:fund','order:o22','2026-03-17 09:00:00.000000','payment','e8f14308cc969ad2bb773ebf421952a5ee6bb4547d1e2e7b3c04b3ffb837c1e1','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(20,'order:o22:refund','order:o22','2026-03-17 09:00:00.000000','refund','41e139b81fbc86955f3d3f2da71adc04bd6dedbff33889b32e9d374d8082399b','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(21,'order:o23:fund','order:o23','2026-03-17 09:00:00.000000','payment','bd6495ba024bbffc0b395ef1008a247ea039863b43981f1afb87329d92caae34','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(22,'order:o23:refund','order:o23','2026-03-17 09:00:00.000000','refund','9609a20343338134e9cee641e1113faec9e8467c27bbb4f0c3e84c302ba2d5ed','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(23,'order:o24:fund','order:o24','2026-03-17 09:00:00.000000','payment','6cae900342e5a4663acde2afe3878d0b17cdf1bd8dbe7e166d62913d1aea7393','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(24,'order:o26:fund','order:o26','2026-03-17 09:00:00.000000','payment','bb85bcfc5b96fabd1b9f79abc5736b4915264ba3122801d5adf839b508e577b2','k1',NULL,NULL);
INSERT INTO "microjob_ledger_entries" VALUES(25,'order:o27:fund','order:o27','2026-03-17 09:00:00.000000','payment','18c727989238f2106b35b9bb9f5bb96d7d5da751b8b7acb34da297d35c8b7b40','k1',NULL,NULL);
CREATE TABLE microjob_ledger_epochs (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	position BIGINT NOT NULL, 
	key_id VARCHAR(32) NOT NULL, 
	note TEXT NOT NULL, 
	CONSTRAINT pk_microjob_ledger_epochs PRIMARY KEY (id)
);
INSERT INTO "microjob_ledger_epochs" VALUES(1,'2026-12-07 13:18:33.595111',0,'k1','sealed the 0 unkeyed entries under key ''k1''; from here on every entry is keyed');
CREATE TABLE microjob_ledger_head (
	id SMALLINT NOT NULL, 
	entries BIGINT NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_microjob_ledger_head PRIMARY KEY (id)
);
INSERT INTO "microjob_ledger_head" VALUES(1,0,'0000000000000000000000000000000000000000000000000000000000000000');
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
INSERT INTO "microjob_ledger_transfers" VALUES(12,0,'world','platform:subscriptions','USD',1000);
INSERT INTO "microjob_ledger_transfers" VALUES(13,0,'world','order:o16:escrow','USD',3465);
INSERT INTO "microjob_ledger_transfers" VALUES(14,0,'world','order:o17:escrow','USD',5048);
INSERT INTO "microjob_ledger_transfers" VALUES(15,0,'world','order:o18:escrow','USD',7685);
INSERT INTO "microjob_ledger_transfers" VALUES(16,0,'world','order:o19:escrow','USD',9495);
INSERT INTO "microjob_ledger_transfers" VALUES(17,0,'world','order:o20:escrow','USD',21100);
INSERT INTO "microjob_ledger_transfers" VALUES(18,0,'order:o20:escrow','user:bob:pending','USD',16000);
INSERT INTO "microjob_ledger_transfers" VALUES(18,1,'order:o20:escrow','platform:commission','USD',4000);
INSERT INTO "microjob_ledger_transfers" VALUES(18,2,'order:o20:escrow','platform:fees','USD',1100);
INSERT INTO "microjob_ledger_transfers" VALUES(19,0,'world','order:o22:escrow','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(20,0,'order:o22:escrow','user:ann:available','USD',2938);
INSERT INTO "microjob_ledger_transfers" VALUES(21,0,'world','order:o23:escrow','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(22,0,'order:o23:escrow','user:bob:available','USD',3992);
INSERT INTO "microjob_ledger_transfers" VALUES(23,0,'world','order:o24:escrow','USD',11605);
INSERT INTO "microjob_ledger_transfers" VALUES(24,0,'user:ann:available','order:o26:escrow','USD',2410);
INSERT INTO "microjob_ledger_transfers" VALUES(25,0,'world','order:o27:escrow','USD',6102);
CREATE TABLE microjob_order_counts (
	state VARCHAR(32) NOT NULL, 
	shard SMALLINT NOT NULL, 
	n BIGINT NOT NULL, 
	CONSTRAINT pk_microjob_order_counts PRIMARY KEY (state, shard)
);
INSERT INTO "microjob_order_counts" VALUES('awaiting_payment',0,1);
INSERT INTO "microjob_order_counts" VALUES('pending',0,3);
INSERT INTO "microjob_order_counts" VALUES('active',0,2);
INSERT INTO "microjob_order_counts" VALUES('delivered',0,1);
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
INSERT INTO "microjob_orders" VALUES(1,'o3',5,'completed','ann','bob',NULL,'df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o3","buyer_id":"ann","seller_id":"bob","title":"Cleared logo","price":"150.00 USD","buyer_fee":"8.25 USD","booking_fee":"0.00 USD","escrow_total":"158.25 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_aed790b038_1","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"120.00 USD","commission":"30.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"ann","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(2,'o4',5,'completed','cecil','bob',NULL,'df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o4","buyer_id":"cecil","seller_id":"bob","title":"Cleared banner","price":"80.00 USD","buyer_fee":"4.40 USD","booking_fee":"0.00 USD","escrow_total":"84.40 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-02T09:00:00+00:00","charge_ref":"ch_aed790b038_2","due_at":"2026-03-05T09:00:00+00:00","clears_at":"2026-03-16T09:00:00+00:00","cleared":true,"started_at":"2026-03-02T09:00:00+00:00","delivered_at":"2026-03-02T09:00:00+00:00","closed_at":"2026-03-02T09:00:00+00:00","deliveries":[{"at":"2026-03-02T09:00:00+00:00","message":"Here it is"}],"seller_amount":"64.00 USD","commission":"16.00 USD","history":[{"at":"2026-03-02T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-02T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-02T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-02T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-02T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"},{"at":"2026-03-17T09:00:00+00:00","trigger":"clear","actor":"system","source":"completed","dest":"completed"}],"version":5}');
INSERT INTO "microjob_orders" VALUES(3,'o15',0,'awaiting_payment','ann','cecil','2026-03-18 09:00:00.000000','65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"id":"o15","buyer_id":"ann","seller_id":"cecil","title":"Awaiting payment","price":"60.00 USD","buyer_fee":"6.30 USD","booking_fee":"0.00 USD","escrow_total":"66.30 USD","delivery_days":3,"state":"awaiting_payment","placed_at":"2026-03-17T09:00:00+00:00","deadline":"2026-03-18T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"}]}');
INSERT INTO "microjob_orders" VALUES(4,'o16',1,'pending','ann','cecil',NULL,'65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"id":"o16","buyer_id":"ann","seller_id":"cecil","title":"Not started yet","price":"30.00 USD","buyer_fee":"4.65 USD","booking_fee":"0.00 USD","escrow_total":"34.65 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_7","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
INSERT INTO "microjob_orders" VALUES(5,'o17',2,'active','dora','cecil','2026-03-20 09:00:00.000000','65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"id":"o17","buyer_id":"dora","seller_id":"cecil","title":"Active work","price":"45.00 USD","buyer_fee":"5.48 USD","booking_fee":"0.00 USD","escrow_total":"50.48 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_8","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"cecil","source":"pending","dest":"active"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(6,'o18',3,'delivered','dora','bob','2026-03-20 09:00:00.000000','df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o18","buyer_id":"dora","seller_id":"bob","title":"Delivered work","price":"70.00 USD","buyer_fee":"6.85 USD","booking_fee":"0.00 USD","escrow_total":"76.85 USD","delivery_days":3,"state":"delivered","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_9","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Delivered"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"}],"version":3}');
INSERT INTO "microjob_orders" VALUES(7,'o19',4,'active','ann','bob','2026-03-20 09:00:00.000000','df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o19","buyer_id":"ann","seller_id":"bob","title":"Revision asked","price":"90.00 USD","buyer_fee":"4.95 USD","booking_fee":"0.00 USD","escrow_total":"94.95 USD","delivery_days":3,"state":"active","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_10","due_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","revisions":1,"deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"v1"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"request_revision","actor":"ann","source":"delivered","dest":"active","note":"Make it blue"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(8,'o20',4,'completed','cecil','bob','2026-03-31 09:00:00.000000','df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o20","buyer_id":"cecil","seller_id":"bob","title":"Completed not cleared","price":"200.00 USD","buyer_fee":"11.00 USD","booking_fee":"0.00 USD","escrow_total":"211.00 USD","delivery_days":3,"state":"completed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_11","due_at":"2026-03-20T09:00:00+00:00","clears_at":"2026-03-31T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","closed_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Final"}],"seller_amount":"160.00 USD","commission":"40.00 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"bob","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"bob","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"accept","actor":"cecil","source":"delivered","dest":"completed"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(9,'o22',2,'cancelled','ann','dora',NULL,'df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o22","buyer_id":"ann","seller_id":"dora","title":"Cancelled","price":"25.00 USD","buyer_fee":"4.38 USD","booking_fee":"0.00 USD","escrow_total":"29.38 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_12","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"ann","fault":"buyer","reason":"changed my mind","at":"2026-03-17T09:00:00+00:00"},"refunded":"29.38 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"cancel","actor":"ann","source":"pending","dest":"cancelled","note":"changed my mind"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(10,'o23',2,'cancelled','bob','dora',NULL,'df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o23","buyer_id":"bob","seller_id":"dora","title":"Declined","price":"35.00 USD","buyer_fee":"4.92 USD","booking_fee":"0.00 USD","escrow_total":"39.92 USD","delivery_days":3,"state":"cancelled","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_13","closed_at":"2026-03-17T09:00:00+00:00","cancellation":{"by":"dora","fault":"seller","reason":"too busy","at":"2026-03-17T09:00:00+00:00"},"refunded":"39.92 USD","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"bob","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"decline","actor":"dora","source":"pending","dest":"cancelled","note":"too busy"}],"version":2}');
INSERT INTO "microjob_orders" VALUES(11,'o24',4,'disputed','cecil','dora',NULL,'df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"id":"o24","buyer_id":"cecil","seller_id":"dora","title":"Disputed","price":"110.00 USD","buyer_fee":"6.05 USD","booking_fee":"0.00 USD","escrow_total":"116.05 USD","delivery_days":3,"state":"disputed","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_aed790b038_14","due_at":"2026-03-20T09:00:00+00:00","auto_complete_at":"2026-03-20T09:00:00+00:00","started_at":"2026-03-17T09:00:00+00:00","delivered_at":"2026-03-17T09:00:00+00:00","deliveries":[{"at":"2026-03-17T09:00:00+00:00","message":"Done?"}],"paused":{"state":"delivered","at":"2026-03-17T09:00:00+00:00","remaining":[3,0,0]},"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"cecil","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"},{"at":"2026-03-17T09:00:00+00:00","trigger":"start","actor":"dora","source":"pending","dest":"active"},{"at":"2026-03-17T09:00:00+00:00","trigger":"deliver","actor":"dora","source":"active","dest":"delivered"},{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"delivered","dest":"disputed","note":"Not what I asked for"}],"version":4}');
INSERT INTO "microjob_orders" VALUES(12,'o26',0,'pending','ann','cecil',NULL,'65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"id":"o26","buyer_id":"ann","seller_id":"cecil","title":"Paid from wallet","price":"20.00 USD","buyer_fee":"4.10 USD","booking_fee":"0.00 USD","escrow_total":"24.10 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","paid_from":"wallet","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"ann","source":"","dest":"pending"}]}');
INSERT INTO "microjob_orders" VALUES(13,'o27',1,'pending','dora','cecil',NULL,'65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"id":"o27","buyer_id":"dora","seller_id":"cecil","title":"Paid by webhook","price":"55.00 USD","buyer_fee":"6.02 USD","booking_fee":"0.00 USD","escrow_total":"61.02 USD","delivery_days":3,"state":"pending","placed_at":"2026-03-17T09:00:00+00:00","charge_ref":"ch_old_hook","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"place","actor":"dora","source":"","dest":"awaiting_payment"},{"at":"2026-03-17T09:00:00+00:00","trigger":"payment_confirmed","actor":"system","source":"awaiting_payment","dest":"pending"}],"version":1}');
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
INSERT INTO "microjob_outbox" VALUES(40,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o15","buyer_id":"ann","seller_id":"cecil","price":"60.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(41,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o16","buyer_id":"ann","seller_id":"cecil","price":"30.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(42,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o16","amount":"34.65 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(43,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o17","buyer_id":"dora","seller_id":"cecil","price":"45.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(44,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o17","amount":"50.48 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(45,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o17","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(46,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o18","buyer_id":"dora","seller_id":"bob","price":"70.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(47,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o18","amount":"76.85 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(48,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o18","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(49,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o18","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(50,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o19","buyer_id":"ann","seller_id":"bob","price":"90.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(51,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o19","amount":"94.95 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(52,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o19","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(53,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o19","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(54,'2026-03-17 09:00:00.000000','microjob.events:RevisionRequested','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o19","revisions_used":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(55,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o20","buyer_id":"cecil","seller_id":"bob","price":"200.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(56,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o20","amount":"211.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(57,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o20","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(58,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o20","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(59,'2026-03-17 09:00:00.000000','microjob.events:OrderCompleted','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o20","seller_id":"bob","price":"200.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(60,'2026-03-17 09:00:00.000000','microjob.events:FundsReleased','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o20","seller_id":"bob","seller_amount":"160.00 USD","commission":"40.00 USD","fees":"11.00 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(61,'2026-03-17 09:00:00.000000','microjob.events:ReviewWritten','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","review_id":"r21","order_id":"o20","subject_id":"bob","stars":3}',NULL);
INSERT INTO "microjob_outbox" VALUES(62,'2026-03-17 09:00:00.000000','microjob.events:ReviewPublished','{"at":"2026-03-17T09:00:00+00:00","actor":"system","review_id":"r21","subject_id":"bob","stars":3,"written_at":"2026-03-17T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(63,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o22","buyer_id":"ann","seller_id":"dora","price":"25.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(64,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o22","amount":"29.38 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(65,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o22","amount":"29.38 USD","to":"wallet","reference":"ch_aed790b038_12"}',NULL);
INSERT INTO "microjob_outbox" VALUES(66,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o22","fault":"buyer","reason":"changed my mind"}',NULL);
INSERT INTO "microjob_outbox" VALUES(67,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"bob","order_id":"o23","buyer_id":"bob","seller_id":"dora","price":"35.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(68,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o23","amount":"39.92 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(69,'2026-03-17 09:00:00.000000','microjob.events:OrderRefunded','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o23","amount":"39.92 USD","to":"wallet","reference":"ch_aed790b038_13"}',NULL);
INSERT INTO "microjob_outbox" VALUES(70,'2026-03-17 09:00:00.000000','microjob.events:OrderCancelled','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o23","fault":"seller","reason":"too busy"}',NULL);
INSERT INTO "microjob_outbox" VALUES(71,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","order_id":"o24","buyer_id":"cecil","seller_id":"dora","price":"110.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(72,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o24","amount":"116.05 USD"}',NULL);
INSERT INTO "microjob_outbox" VALUES(73,'2026-03-17 09:00:00.000000','microjob.events:OrderStarted','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o24","due_at":"2026-03-20T09:00:00+00:00"}',NULL);
INSERT INTO "microjob_outbox" VALUES(74,'2026-03-17 09:00:00.000000','microjob.events:OrderDelivered','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o24","delivery_number":1}',NULL);
INSERT INTO "microjob_outbox" VALUES(75,'2026-03-17 09:00:00.000000','microjob.events:DisputeOpened','{"at":"2026-03-17T09:00:00+00:00","actor":"cecil","dispute_id":"d25","order_id":"o24","opener_role":"buyer","reason":"Not what I asked for"}',NULL);
INSERT INTO "microjob_outbox" VALUES(76,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"ann","order_id":"o26","buyer_id":"ann","seller_id":"cecil","price":"20.00 USD","state":"pending"}',NULL);
INSERT INTO "microjob_outbox" VALUES(77,'2026-03-17 09:00:00.000000','microjob.events:OrderPlaced','{"at":"2026-03-17T09:00:00+00:00","actor":"dora","order_id":"o27","buyer_id":"dora","seller_id":"cecil","price":"55.00 USD","state":"awaiting_payment"}',NULL);
INSERT INTO "microjob_outbox" VALUES(78,'2026-03-17 09:00:00.000000','microjob.events:PaymentConfirmed','{"at":"2026-03-17T09:00:00+00:00","actor":"system","order_id":"o27","amount":"61.02 USD"}',NULL);
CREATE TABLE microjob_policies (
	hash VARCHAR(64) NOT NULL, 
	data TEXT NOT NULL, 
	CONSTRAINT pk_microjob_policies PRIMARY KEY (hash)
);
INSERT INTO "microjob_policies" VALUES('df07701d2a485babb2d40af6cf9dc2e5167e3ca45e3648a186f161e3ef0f6c02','{"booking_fee_rate":"0","buyer_fee_rate":"0.055","clearance_days":14,"commission_rate":"0.20","contact_filter":"mask","dispute_fee":"none","max_order_amount":"1000000.00 USD","name":"fiverr_like","payment_mode":"escrow","payout_business_days":{"bank":3,"paypal":1},"payout_fee_rates":{},"payout_fees":{"bank":"3.00 USD","paypal":"1.00 USD"},"payout_minimums":{"bank":"20.00 USD","paypal":"5.00 USD"},"rating_prior_mean":"4.5","refund_to":"wallet","small_order_fee":"3.00 USD","small_order_threshold":"75.00 USD"}');
INSERT INTO "microjob_policies" VALUES('65fda7865edc95bb8f1e5fa4646f7970966459034b87f7d56fcd5e1c09c35dda','{"booking_fee_rate":"0","buyer_fee_rate":"0.055","clearance_days":14,"commission_rate":"0.15","contact_filter":"mask","dispute_fee":"none","max_order_amount":"1000000.00 USD","name":"fiverr_like","payment_mode":"escrow","payout_business_days":{"bank":3,"paypal":1},"payout_fee_rates":{},"payout_fees":{"bank":"3.00 USD","paypal":"1.00 USD"},"payout_minimums":{"bank":"20.00 USD","paypal":"5.00 USD"},"rating_prior_mean":"4.5","refund_to":"wallet","small_order_fee":"3.00 USD","small_order_threshold":"75.00 USD"}');
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
INSERT INTO "microjob_record_index" VALUES('subscription','user_id','"cecil"',18);
INSERT INTO "microjob_record_index" VALUES('subscription','state','"active"',18);
INSERT INTO "microjob_record_index" VALUES('review','order_id','"o20"',20);
INSERT INTO "microjob_record_index" VALUES('review','subject_id','"bob"',20);
INSERT INTO "microjob_record_index" VALUES('review','visible','true',20);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','true',22);
INSERT INTO "microjob_record_index" VALUES('dispute','order_id','"o24"',23);
INSERT INTO "microjob_record_index" VALUES('dispute','state','"open"',23);
INSERT INTO "microjob_record_index" VALUES('seller_level','dirty','false',4);
CREATE TABLE microjob_record_kinds (
	kind VARCHAR(64) NOT NULL, 
	fields TEXT NOT NULL, 
	CONSTRAINT pk_microjob_record_kinds PRIMARY KEY (kind)
);
INSERT INTO "microjob_record_kinds" VALUES('subscription','["user_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('listing','["seller_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('seller_tally','[]');
INSERT INTO "microjob_record_kinds" VALUES('seller_level','["dirty"]');
INSERT INTO "microjob_record_kinds" VALUES('totals','[]');
INSERT INTO "microjob_record_kinds" VALUES('review','["order_id","subject_id","visible"]');
INSERT INTO "microjob_record_kinds" VALUES('debt','["user_id","state","cause"]');
INSERT INTO "microjob_record_kinds" VALUES('payout_method','["user_id"]');
INSERT INTO "microjob_record_kinds" VALUES('payout','["user_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('deposit','["user_id","state"]');
INSERT INTO "microjob_record_kinds" VALUES('subscription_plan','[]');
INSERT INTO "microjob_record_kinds" VALUES('subscriber','[]');
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
INSERT INTO "microjob_records" VALUES(3,'seller_tally','bob',4,'{"id":"bob","completed":3,"earnings":"344.00","days":[{"day":"2026-03-02","done":2,"delivered":2,"on_time":2,"reviews":1,"stars":5},{"day":"2026-03-17","done":1,"delivered":1,"on_time":1,"reviews":1,"stars":3}],"version":4,"reviews":2,"stars":8,"settled_directly":"0"}');
INSERT INTO "microjob_records" VALUES(4,'seller_level','bob',3,'{"id":"bob","level":"Pro","evaluated_at":"2026-03-17T10:00:00+00:00","dirty":false,"version":3}');
INSERT INTO "microjob_records" VALUES(5,'totals','USD',2,'{"id":"USD","gmv":"430.00 USD","completed":3,"version":2}');
INSERT INTO "microjob_records" VALUES(6,'review','r5',0,'{"id":"r5","order_id":"o3","author_id":"ann","subject_id":"bob","author_role":"buyer","stars":5,"text":"Great work","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(7,'review','r6',0,'{"id":"r6","order_id":"o3","author_id":"bob","subject_id":"ann","author_role":"seller","stars":4,"text":"Nice buyer","written_at":"2026-03-02T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(8,'seller_tally','ann',0,'{"id":"ann","earnings":"0","days":[{"day":"2026-03-02","reviews":1,"stars":4}],"reviews":1,"stars":4,"settled_directly":"0"}');
INSERT INTO "microjob_records" VALUES(9,'seller_level','ann',1,'{"id":"ann","level":"New","evaluated_at":"2026-03-17T09:00:00+00:00","dirty":false,"version":1}');
INSERT INTO "microjob_records" VALUES(10,'payout_method','p7',0,'{"id":"p7","user_id":"bob","method":[0,{"email":"bob@example.org"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(11,'payout_method','p8',0,'{"id":"p8","user_id":"bob","method":[1,{"iban":"DE89370400440532013000","bic":"DEUTDEFF","holder":"Bob Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(12,'payout','p9',0,'{"id":"p9","user_id":"bob","method_id":"p7","method_kind":"paypal","last4":".org","amount":"50.00 USD","fee":"1.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"bob","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(13,'deposit','d10',1,'{"id":"d10","user_id":"dora","amount":"40.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_aed790b038_3","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"dora","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_aed790b038_3"}],"version":1}');
INSERT INTO "microjob_records" VALUES(14,'payout_method','p11',0,'{"id":"p11","user_id":"dora","method":[1,{"iban":"DE9037040044053201AB00","bic":"DEUTDEFF","holder":"Dora Bauer"}],"added_at":"2026-03-17T09:00:00+00:00"}');
INSERT INTO "microjob_records" VALUES(15,'payout','p12',0,'{"id":"p12","user_id":"dora","method_id":"p11","method_kind":"bank","last4":"AB00","amount":"25.00 USD","fee":"3.00 USD","state":"requested","requested_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"request","actor":"dora","source":"","dest":"requested"}]}');
INSERT INTO "microjob_records" VALUES(16,'deposit','d13',1,'{"id":"d13","user_id":"ann","amount":"500.00 USD","state":"confirmed","announced_at":"2026-03-17T09:00:00+00:00","reference":"ch_aed790b038_4","provider_status":"pending","decided_by":"system","decided_at":"2026-03-17T09:00:00+00:00","history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"announce","actor":"ann","source":"","dest":"announced"},{"at":"2026-03-17T09:00:00+00:00","trigger":"confirm","actor":"system","source":"announced","dest":"confirmed","note":"ch_aed790b038_4"}],"version":1}');
INSERT INTO "microjob_records" VALUES(17,'subscription_plan','pro',0,'{"id":"pro","name":"Pro","price":"10.00 USD","commission_off":"0.05"}');
INSERT INTO "microjob_records" VALUES(18,'subscription','s14',1,'{"id":"s14","user_id":"cecil","plan":{"id":"pro","name":"Pro","price":"10.00 USD","commission_off":"0.05"},"state":"active","pay_from_wallet":false,"created_at":"2026-03-17T09:00:00+00:00","period":1,"period_start":"2026-03-17T09:00:00+00:00","period_end":"2026-04-16T09:00:00+00:00","references":["ch_aed790b038_5"],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"pay","actor":"system","source":"pending","dest":"active","note":"ch_aed790b038_5"}],"version":1}');
INSERT INTO "microjob_records" VALUES(19,'subscriber','cecil',0,'{"id":"cecil","subscription_id":"s14"}');
INSERT INTO "microjob_records" VALUES(20,'review','r21',0,'{"id":"r21","order_id":"o20","author_id":"cecil","subject_id":"bob","author_role":"buyer","stars":3,"text":"OK","written_at":"2026-03-17T09:00:00+00:00","visible":true}');
INSERT INTO "microjob_records" VALUES(21,'seller_tally','dora',1,'{"id":"dora","earnings":"0","days":[{"day":"2026-03-17","failed":1}],"version":1,"settled_directly":"0"}');
INSERT INTO "microjob_records" VALUES(22,'seller_level','dora',0,'{"id":"dora","level":"New"}');
INSERT INTO "microjob_records" VALUES(23,'dispute','d25',0,'{"id":"d25","order_id":"o24","buyer_id":"cecil","seller_id":"dora","opened_by":"cecil","opener_role":"buyer","reason":"Not what I asked for","requested":{"outcome":"refund_buyer","reason":"Not what I asked for"},"state":"open","opened_at":"2026-03-17T09:00:00+00:00","evidence":[{"by":"cecil","role":"buyer","at":"2026-03-17T09:00:00+00:00","text":"Not what I asked for"}],"history":[{"at":"2026-03-17T09:00:00+00:00","trigger":"open_dispute","actor":"cecil","source":"","dest":"open","note":"Not what I asked for"}]}');
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
CREATE INDEX microjob_outbox_unpublished ON microjob_outbox (id) WHERE published_at IS NULL;
CREATE INDEX microjob_transfers_destination ON microjob_ledger_transfers (destination, currency, seq);
CREATE INDEX microjob_transfers_source ON microjob_ledger_transfers (source, currency, seq);
CREATE INDEX microjob_orders_buyer ON microjob_orders (buyer_id, seq);
CREATE INDEX microjob_orders_seller ON microjob_orders (seller_id, seq);
CREATE INDEX microjob_orders_wake ON microjob_orders (wake_at, seq) WHERE wake_at IS NOT NULL;
CREATE INDEX ix_microjob_ledger_entries_cause ON microjob_ledger_entries (cause);
CREATE INDEX microjob_ledger_unsealed ON microjob_ledger_entries (seq) WHERE pos IS NULL;
COMMIT;
