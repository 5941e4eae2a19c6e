-- Who a cycle asks is read in one query that checks each member's leave periods (issue 15): by person, not a scan.
create index leave_periods_person on leave_periods (person_id, first_day);
