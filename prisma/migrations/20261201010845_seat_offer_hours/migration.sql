-- How long a waitlisted person has to answer a seat offer, per program (72 h until set).
ALTER TABLE "OutreachSettings" ADD COLUMN "seatOfferHours" INTEGER NOT NULL DEFAULT 72;
